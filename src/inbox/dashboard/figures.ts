// The managers' dashboard (issue 18): every figure is read from MetricEvent rows recorded when
// things happened (rolled up per day once a day is over) — never recomputed from message text.
import type { Store } from '../../db/transaction.ts'
import { distinctConversationsWith, groupedMetrics } from '../../db/metric-days.ts'
import { countTicketsCreatedBetween } from '../../db/dashboard-reads.ts'
import type { Period } from './period.ts'
import { rollUpClosedDays } from './daily-rollup.ts'

export const OPEN_TICKET_STATUSES = ['new', 'in_progress', 'waiting_citizen']
export const BACKLOG_BUCKETS = [
  { key: 'lt1d', maxDays: 1 }, { key: '1to7d', maxDays: 7 }, { key: '7to30d', maxDays: 30 }, { key: 'gt30d', maxDays: Infinity },
] as const

export function percentile (sorted: number[], p: number): number | null {
  if (!sorted.length) return null
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

// Counts and durations come from daily rollups (daily-rollup.ts): a year is ~365 rows per series,
// not a scan of every event.
const key = (value: unknown) => value == null ? 'none' : String(value)

function durations (count: number, seconds: number[], workSeconds: number[]) {
  const raw = [...seconds].sort((a, b) => a - b)
  const work = [...workSeconds].sort((a, b) => a - b)
  return { count, medianSeconds: percentile(raw, 50), p90Seconds: percentile(raw, 90), medianWorkSeconds: percentile(work, 50), p90WorkSeconds: percentile(work, 90) }
}

const byCount = (rows: { key: string, count: number }[]) => rows.sort((a, b) => b.count - a.count)

async function conversationFigures (store: Store, period: Period, open: string) {
  // In parallel: PostgreSQL runs them on several connections (SQLite, one after the other).
  const [byDayChannel, intents, handoffs, handed] = await Promise.all([
    groupedMetrics(store, 'conversation_opened', period, open, ['day', 'channel']),
    groupedMetrics(store, 'intent', period, open, ['label']),
    groupedMetrics(store, 'handoff', period, open, ['label']),
    // Distinct conversations cannot be added up day by day: read from the events' covering index.
    distinctConversationsWith(store, 'handoff', period),
  ])
  const channels = new Map<string, number>()
  for (const r of byDayChannel) channels.set(key(r.channel), (channels.get(key(r.channel)) ?? 0) + r.count)
  const opened = [...channels.values()].reduce((a, b) => a + b, 0)
  return {
    conversationsOpened: opened,
    byChannel: byCount([...channels].map(([k, count]) => ({ key: k, count }))),
    byDay: byDayChannel.map(r => ({ day: String(r.day), channel: key(r.channel), count: r.count }))
      .sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel)),
    intents: byCount(intents.map(r => ({ key: key(r.label), count: r.count }))).slice(0, 20),
    handoffs: byCount(handoffs.map(r => ({ key: key(r.label), count: r.count }))),
    // Conversations of the period that never needed a person (a hand-off counts once per conversation).
    answeredWithoutPerson: opened ? Math.max(0, Math.min(1, 1 - handed / opened)) : null,
  }
}

async function ticketFigures (store: Store, period: Period, open: string, now: Date) {
  const [opened, resolved, [firstResponses], satisfaction, openBacklog] = await Promise.all([
    groupedMetrics(store, 'ticket_opened', period, open, ['serviceCode']),
    groupedMetrics(store, 'ticket_resolved', period, open, ['serviceCode'], { durations: true }),
    groupedMetrics(store, 'first_response', period, open, [], { durations: true }),
    groupedMetrics(store, 'satisfaction', period, open, ['serviceCode'], { values: true }),
    backlog(store, now),
  ])
  const services = new Map<string, { opened: number, resolved: number, seconds: number[], workSeconds: number[] }>()
  const service = (code: string) => {
    if (!services.has(code)) services.set(code, { opened: 0, resolved: 0, seconds: [], workSeconds: [] })
    return services.get(code)!
  }
  for (const r of opened) service(key(r.serviceCode)).opened += r.count
  for (const r of resolved) Object.assign(service(key(r.serviceCode)), { resolved: r.count, seconds: r.seconds, workSeconds: r.workSeconds })
  return {
    firstResponse: durations(firstResponses?.count ?? 0, firstResponses?.seconds ?? [], firstResponses?.workSeconds ?? []),
    tickets: [...services].map(([k, s]) => ({ key: k, opened: s.opened, resolved: s.resolved, resolution: durations(s.resolved, s.seconds, s.workSeconds) })).sort((a, b) => b.opened - a.opened),
    satisfaction: satisfaction.map(r => ({ key: key(r.serviceCode), answers: r.count, average: r.valueSum / r.count })).sort((a, b) => a.key.localeCompare(b.key)),
    backlog: openBacklog,
  }
}

/** Open tickets by age today (the backlog is a state, not a period). */
async function backlog (store: Store, now: Date) {
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000)
  return Promise.all(BACKLOG_BUCKETS.map(async (bucket, i) => {
    const newer = i === 0 ? now : ago(BACKLOG_BUCKETS[i - 1].maxDays)
    const older = Number.isFinite(bucket.maxDays) ? ago(bucket.maxDays) : undefined
    const count = await countTicketsCreatedBetween(store, OPEN_TICKET_STATUSES, newer, older)
    return { key: bucket.key, count }
  }))
}

export async function dashboardFigures (store: Store, period: Period, now = new Date()) {
  const open = await rollUpClosedDays(store, period, now)
  const [conversations, tickets] = await Promise.all([conversationFigures(store, period, open), ticketFigures(store, period, open, now)])
  return { period, ...conversations, ...tickets }
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>
