// The managers' dashboard (issue 18): every figure is read from MetricEvent rows recorded when
// things happened, by indexed range scans on (type, day) — never recomputed from message text.
import type { Db, Prisma } from '../../db/client.ts'
import type { Period } from './period.ts'

export const OPEN_TICKET_STATUSES = ['new', 'in_progress', 'waiting_citizen']
export const BACKLOG_BUCKETS = [
  { key: 'lt1d', maxDays: 1 }, { key: '1to7d', maxDays: 7 }, { key: '7to30d', maxDays: 30 }, { key: 'gt30d', maxDays: Infinity },
] as const

export function percentile (sorted: number[], p: number): number | null {
  if (!sorted.length) return null
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

const inPeriod = (type: string, period: Period): Prisma.MetricEventWhereInput => ({ type, day: { gte: period.from, lte: period.to } })

function durations (rows: { seconds: number | null, workSeconds: number | null }[]) {
  const raw = rows.map(r => r.seconds ?? 0).sort((a, b) => a - b)
  const work = rows.map(r => r.workSeconds ?? 0).sort((a, b) => a - b)
  return { count: rows.length, medianSeconds: percentile(raw, 50), p90Seconds: percentile(raw, 90), medianWorkSeconds: percentile(work, 50), p90WorkSeconds: percentile(work, 90) }
}

function byKey<T extends { _count: { _all: number } }> (rows: T[], key: (row: T) => string | null) {
  return rows.map(r => ({ key: key(r) ?? 'none', count: r._count._all })).sort((a, b) => b.count - a.count)
}

async function conversationFigures (db: Db, period: Period) {
  const [byDayChannel, intents, handoffs, handedConversations] = await Promise.all([
    db.metricEvent.groupBy({ by: ['day', 'channel'], where: inPeriod('conversation_opened', period), _count: { _all: true }, orderBy: { day: 'asc' } }),
    db.metricEvent.groupBy({ by: ['label'], where: inPeriod('intent', period), _count: { _all: true } }),
    db.metricEvent.groupBy({ by: ['label'], where: inPeriod('handoff', period), _count: { _all: true } }),
    db.metricEvent.findMany({ where: inPeriod('handoff', period), distinct: ['conversationId'], select: { conversationId: true } }),
  ])
  const channels = new Map<string, number>()
  for (const r of byDayChannel) channels.set(r.channel ?? 'none', (channels.get(r.channel ?? 'none') ?? 0) + r._count._all)
  const opened = [...channels.values()].reduce((a, b) => a + b, 0)
  return {
    conversationsOpened: opened,
    byChannel: [...channels].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count),
    byDay: byDayChannel.map(r => ({ day: r.day, channel: r.channel ?? 'none', count: r._count._all })),
    intents: byKey(intents, r => r.label).slice(0, 20),
    handoffs: byKey(handoffs, r => r.label),
    // Conversations of the period that never needed a person (a hand-off counts once per conversation).
    answeredWithoutPerson: opened ? Math.max(0, Math.min(1, 1 - handedConversations.length / opened)) : null,
  }
}

async function ticketFigures (db: Db, period: Period, now: Date) {
  const [opened, resolved, satisfaction, firstResponses] = await Promise.all([
    db.metricEvent.groupBy({ by: ['serviceCode'], where: inPeriod('ticket_opened', period), _count: { _all: true } }),
    db.metricEvent.findMany({ where: inPeriod('ticket_resolved', period), select: { serviceCode: true, seconds: true, workSeconds: true } }),
    db.metricEvent.groupBy({ by: ['serviceCode'], where: inPeriod('satisfaction', period), _count: { _all: true }, _avg: { value: true } }),
    db.metricEvent.findMany({ where: inPeriod('first_response', period), select: { serviceCode: true, seconds: true, workSeconds: true } }),
  ])
  const services = new Map<string, { opened: number, resolved: typeof resolved }>()
  const service = (code: string | null) => {
    const key = code ?? 'none'
    if (!services.has(key)) services.set(key, { opened: 0, resolved: [] })
    return services.get(key)!
  }
  for (const r of opened) service(r.serviceCode).opened += r._count._all
  for (const r of resolved) service(r.serviceCode).resolved.push(r)
  return {
    firstResponse: durations(firstResponses),
    tickets: [...services].map(([key, s]) => ({ key, opened: s.opened, resolved: s.resolved.length, resolution: durations(s.resolved) })).sort((a, b) => b.opened - a.opened),
    satisfaction: satisfaction.map(r => ({ key: r.serviceCode ?? 'none', answers: r._count._all, average: r._avg.value })),
    backlog: await backlog(db, now),
  }
}

/** Open tickets by age today (the backlog is a state, not a period). */
async function backlog (db: Db, now: Date) {
  let newer = now
  const buckets = []
  for (const bucket of BACKLOG_BUCKETS) {
    const older = Number.isFinite(bucket.maxDays) ? new Date(now.getTime() - bucket.maxDays * 86_400_000) : undefined
    const count = await db.ticket.count({ where: { status: { in: OPEN_TICKET_STATUSES }, createdAt: { lte: newer, ...(older ? { gt: older } : {}) } } })
    buckets.push({ key: bucket.key, count })
    if (older) newer = older
  }
  return buckets
}

export async function dashboardFigures (db: Db, period: Period, now = new Date()) {
  const [conversations, tickets] = await Promise.all([conversationFigures(db, period), ticketFigures(db, period, now)])
  return { period, ...conversations, ...tickets }
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>
