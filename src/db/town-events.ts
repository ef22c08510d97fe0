// The TownEvent and FeedStatus repository: the town's agenda as the assistant reads it (the town
// data cache), the events of the iCalendar feed (replaced whole at each good poll), and the state
// of the feeds for administrators (/api/town/feeds). The events of the town file are written by a
// town import (src/db/town-file-rows.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type AgendaEvent = { title: string, description: string | null, place: string | null, startsAt: Date, endsAt: Date | null, link: string | null, category: string | null, rrule: string | null }

/**
 * Events that start in [from, until), or are running at `from`, or recur (their rule is expanded
 * by the caller); at most `limit`, by start.
 */
export async function agendaEventsBetween (on: DbOrTx, from: Date, until: Date, limit: number): Promise<AgendaEvent[]> {
  return prismaFor(on).townEvent.findMany({
    where: { OR: [{ startsAt: { gte: from, lt: until } }, { endsAt: { gte: from }, startsAt: { lt: until } }, { rrule: { not: null }, startsAt: { lt: until } }] },
    orderBy: { startsAt: 'asc' },
    take: limit,
    select: { title: true, description: true, place: true, startsAt: true, endsAt: true, link: true, category: true, rrule: true },
  })
}

export type FeedEventRow = { title: string, description: string | null, place: string | null, startsAt: Date, endsAt: Date | null, link: string | null, category: string | null, externalUid: string }

/** The feed's events replaced by `events`, and its good read recorded: run it in one transaction. */
export async function replaceFeedEvents (on: DbOrTx, feed: { name: string, source: string, url: string }, events: FeedEventRow[], now: Date): Promise<void> {
  const tx = prismaFor(on)
  await tx.townEvent.deleteMany({ where: { source: feed.source } })
  if (events.length) await tx.townEvent.createMany({ data: events.map(e => ({ ...e, source: feed.source })) })
  await tx.feedStatus.upsert({ where: { name: feed.name }, create: { name: feed.name, url: feed.url, lastSuccessAt: now, itemCount: events.length }, update: { url: feed.url, lastSuccessAt: now, itemCount: events.length } })
}

/** A failed read of the feed (its events are kept). */
export async function recordFeedFailure (on: DbOrTx, feed: { name: string, url: string }, message: string, now: Date): Promise<void> {
  await prismaFor(on).feedStatus.upsert({ where: { name: feed.name }, create: { name: feed.name, url: feed.url, lastErrorAt: now, lastError: message }, update: { url: feed.url, lastErrorAt: now, lastError: message } })
}

export type FeedState = { name: string, url: string | null, lastSuccessAt: Date | null, lastErrorAt: Date | null, lastError: string | null, itemCount: number }

/** Every feed's last success and last error, by name. */
export async function feedStates (on: DbOrTx): Promise<FeedState[]> {
  return prismaFor(on).feedStatus.findMany({ orderBy: { name: 'asc' }, select: { name: true, url: true, lastSuccessAt: true, lastErrorAt: true, lastError: true, itemCount: true } })
}
