// The town's agenda from an iCalendar feed (TOWN_EVENTS_ICS_URL), polled: recurrences expanded over
// the next 12 months (RRULE, RDATE, EXDATE, moved occurrences), time zones from the feed's
// VTIMEZONE or TZID, events gone from the feed removed. A failing feed keeps the last good events
// and records the error for administrators (FeedStatus, GET /api/town/feeds, /admin).
import ICAL from 'ical.js'
import type { Store } from '../db/transaction.ts'
import { inPrismaTransaction } from '../db/prisma-transaction.ts'
import { recordFeedFailure, replaceFeedEvents } from '../db/town-events.ts'
import { localToInstant } from './local-time.ts'

export const EVENTS_FEED = 'events_ics'
const WINDOW_MS = 366 * 86_400_000
const MAX_EVENTS = 5000
const MAX_BYTES = 5 * 1024 * 1024
const TIMEOUT_MS = 30_000

type Log = { warn: (obj: object, msg: string) => void, info: (obj: object, msg: string) => void }
type FeedEvent = { title: string, description: string | null, place: string | null, startsAt: Date, endsAt: Date | null, link: string | null, category: string | null, externalUid: string }

const isZone = (tz: string) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true } catch { return false } }

/** An ICAL.Time as an instant: UTC, a zone the feed described, else its TZID (or the town's zone) read as wall-clock time. */
function instantOf (time: ICAL.Time, timeZone: string): Date {
  const tzid = time.zone?.tzid
  if (time.isDate || tzid === 'floating' || (tzid !== 'UTC' && tzid !== undefined && !ICAL.TimezoneService.has(tzid))) {
    const two = (n: number) => String(n).padStart(2, '0')
    const wallZone = tzid && tzid !== 'floating' && isZone(tzid) ? tzid : timeZone
    return localToInstant(`${time.year}-${two(time.month)}-${two(time.day)}`, time.isDate ? '00:00' : `${two(time.hour)}:${two(time.minute)}`, wallZone)
  }
  return time.toJSDate()
}

/** Pure: the events of an iCalendar text that end after `from` and start before `from` + 12 months. */
export function eventsOfCalendar (text: string, from: Date, timeZone: string): FeedEvent[] {
  const root = new ICAL.Component(ICAL.parse(text))
  const calendar = root.name === 'vcalendar' ? root : root.getFirstSubcomponent('vcalendar')
  if (!calendar) throw new Error('not an iCalendar (no VCALENDAR)')
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz)
  const until = new Date(from.getTime() + WINDOW_MS)
  const masters = new Map<string, ICAL.Event>()
  const moved: ICAL.Event[] = []
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent)
    if (vevent.getFirstPropertyValue('status') === 'CANCELLED' && !event.isRecurrenceException()) continue
    if (event.isRecurrenceException()) moved.push(event)
    else masters.set(event.uid, event)
  }
  for (const exception of moved) {
    const master = masters.get(exception.uid)
    if (master) master.relateException(exception)
    else masters.set(`${exception.uid}/${exception.recurrenceId.toString()}`, exception)
  }
  const out: FeedEvent[] = []
  const push = (event: ICAL.Event, start: ICAL.Time, end: ICAL.Time | null, uid: string) => {
    if (event.component.getFirstPropertyValue('status') === 'CANCELLED') return
    const startsAt = instantOf(start, timeZone)
    const endsAt = end ? instantOf(end, timeZone) : null
    if (startsAt >= until || (endsAt ?? startsAt) < from) return
    const categories = event.component.getFirstPropertyValue('categories')
    const url = event.component.getFirstPropertyValue('url')
    out.push({
      title: (event.summary || '(sans titre)').slice(0, 200), description: event.description ? event.description.slice(0, 2000) : null,
      place: event.location ? event.location.slice(0, 200) : null, startsAt, endsAt,
      link: typeof url === 'string' && /^https?:\/\//.test(url) ? url : null, category: typeof categories === 'string' ? categories.slice(0, 60) : null,
      externalUid: `${uid}/${startsAt.toISOString()}`,
    })
  }
  for (const [uid, event] of masters) {
    if (!event.startDate) continue
    if (!event.isRecurring()) { push(event, event.startDate, event.endDate ?? null, uid); continue }
    const iterator = event.iterator()
    for (let next = iterator.next(), n = 0; next && n < MAX_EVENTS * 4; next = iterator.next(), n++) {
      const details = event.getOccurrenceDetails(next)
      if (instantOf(details.startDate, timeZone) >= until && instantOf(next, timeZone) >= until) break
      push(details.item, details.startDate, details.endDate, uid)
      if (out.length >= MAX_EVENTS) break
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
}

/** One poll: fetch, parse, replace the feed's events in one transaction; or record the error and keep them. */
export async function pollEventsFeed (store: Store, url: string, timeZone: string, log?: Log, now = new Date()): Promise<{ ok: boolean, count: number, error?: string }> {
  try {
    const response = await fetch(url.replace(/^webcal:/, 'https:'), { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'text/calendar' } })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) throw new Error(`the feed is larger than ${MAX_BYTES} bytes`)
    const text = await response.text()
    if (text.length > MAX_BYTES) throw new Error(`the feed is larger than ${MAX_BYTES} bytes`)
    const events = eventsOfCalendar(text, new Date(now.getTime() - 86_400_000), timeZone)
    await inPrismaTransaction(store, tx => replaceFeedEvents(tx, { name: EVENTS_FEED, source: 'ics', url }, events, now))
    log?.info({ feed: EVENTS_FEED, events: events.length }, 'events feed read')
    return { ok: true, count: events.length }
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 500)
    await recordFeedFailure(store, { name: EVENTS_FEED, url }, message, now).catch(() => {})
    log?.warn({ feed: EVENTS_FEED, error: message }, 'events feed failed: keeping the last good events')
    return { ok: false, count: 0, error: message }
  }
}

/** Polls at once, then every `minutes`. */
export function startEventsFeed (options: { store: Store, url: string, minutes: number, timeZone: string, log: Log, onChange: () => void }): { stop (): Promise<void>, pollNow (): Promise<unknown> } {
  let running: Promise<unknown> = Promise.resolve()
  const poll = () => (running = running.then(async () => {
    const result = await pollEventsFeed(options.store, options.url, options.timeZone, options.log)
    if (result.ok) options.onChange()
    return result
  }))
  const timer = setInterval(() => void poll(), options.minutes * 60_000)
  timer.unref()
  void poll()
  return {
    async stop () { clearInterval(timer); await running.catch(() => {}) },
    pollNow: poll,
  }
}
