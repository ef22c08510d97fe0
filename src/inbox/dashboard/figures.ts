// The managers' dashboard (issue 18): every figure is read from MetricEvent rows recorded when
// things happened, by indexed range scans on (type, day) — never recomputed from message text.
import type { Db } from '../../db/client.ts'
import { sqlOf, type Sql } from '../../db/sql.ts'
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

type Row = Record<string, unknown>
// Each figure is one aggregate over a covering index on (type, day, …): a year is read from the
// index alone (test/bench/dashboard.ts). Counts come back as BigInt on PostgreSQL.
const PERIOD = '"type" = ? AND "day" >= ? AND "day" <= ?'
const num = (value: unknown) => value == null ? null : Number(value)
const key = (value: unknown) => value == null ? 'none' : String(value)

function durations (rows: { workSeconds: number | null, seconds: number | null }[]) {
  const raw = rows.map(r => r.seconds ?? 0).sort((a, b) => a - b)
  const work = rows.map(r => r.workSeconds ?? 0).sort((a, b) => a - b)
  return { count: rows.length, medianSeconds: percentile(raw, 50), p90Seconds: percentile(raw, 90), medianWorkSeconds: percentile(work, 50), p90WorkSeconds: percentile(work, 90) }
}

async function counted (sql: Sql, type: string, period: Period, column: 'label' | 'serviceCode') {
  const rows = await sql.all<Row>(`SELECT "${column}" AS "key", COUNT(*) AS "n" FROM "MetricEvent" WHERE ${PERIOD} GROUP BY "${column}"`, [type, period.from, period.to])
  return rows.map(r => ({ key: key(r.key), count: Number(r.n) })).sort((a, b) => b.count - a.count)
}

async function timings (sql: Sql, type: string, period: Period) {
  const rows = await sql.all<Row>(`SELECT "serviceCode", "workSeconds", "seconds" FROM "MetricEvent" WHERE ${PERIOD}`, [type, period.from, period.to])
  return rows.map(r => ({ serviceCode: key(r.serviceCode), workSeconds: num(r.workSeconds), seconds: num(r.seconds) }))
}

async function conversationFigures (sql: Sql, period: Period) {
  // In parallel: PostgreSQL runs them on several connections (SQLite, one after the other).
  const [byDayChannel, intents, handoffs, [handed]] = await Promise.all([
    sql.all<Row>(`SELECT "day", "channel", COUNT(*) AS "n" FROM "MetricEvent" WHERE ${PERIOD} GROUP BY "day", "channel" ORDER BY "day"`, ['conversation_opened', period.from, period.to]),
    counted(sql, 'intent', period, 'label'),
    counted(sql, 'handoff', period, 'label'),
    sql.all<Row>(`SELECT COUNT(DISTINCT "conversationId") AS "n" FROM "MetricEvent" WHERE ${PERIOD}`, ['handoff', period.from, period.to]),
  ])
  const channels = new Map<string, number>()
  for (const r of byDayChannel) channels.set(key(r.channel), (channels.get(key(r.channel)) ?? 0) + Number(r.n))
  const opened = [...channels.values()].reduce((a, b) => a + b, 0)
  return {
    conversationsOpened: opened,
    byChannel: [...channels].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count),
    byDay: byDayChannel.map(r => ({ day: String(r.day), channel: key(r.channel), count: Number(r.n) })),
    intents: intents.slice(0, 20),
    handoffs,
    // Conversations of the period that never needed a person (a hand-off counts once per conversation).
    answeredWithoutPerson: opened ? Math.max(0, Math.min(1, 1 - Number(handed.n) / opened)) : null,
  }
}

async function ticketFigures (db: Db, sql: Sql, period: Period, now: Date) {
  const [opened, resolved, firstResponses, satisfaction, openBacklog] = await Promise.all([
    counted(sql, 'ticket_opened', period, 'serviceCode'),
    timings(sql, 'ticket_resolved', period),
    timings(sql, 'first_response', period),
    sql.all<Row>(`SELECT "serviceCode", COUNT(*) AS "n", AVG("value") AS "average" FROM "MetricEvent" WHERE ${PERIOD} GROUP BY "serviceCode"`, ['satisfaction', period.from, period.to]),
    backlog(db, now),
  ])
  const services = new Map<string, { opened: number, resolved: typeof resolved }>()
  const service = (code: string) => {
    if (!services.has(code)) services.set(code, { opened: 0, resolved: [] })
    return services.get(code)!
  }
  for (const r of opened) service(r.key).opened += r.count
  for (const r of resolved) service(r.serviceCode).resolved.push(r)
  return {
    firstResponse: durations(firstResponses),
    tickets: [...services].map(([k, s]) => ({ key: k, opened: s.opened, resolved: s.resolved.length, resolution: durations(s.resolved) })).sort((a, b) => b.opened - a.opened),
    satisfaction: satisfaction.map(r => ({ key: key(r.serviceCode), answers: Number(r.n), average: num(r.average) })),
    backlog: openBacklog,
  }
}

/** Open tickets by age today (the backlog is a state, not a period). */
async function backlog (db: Db, now: Date) {
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000)
  return Promise.all(BACKLOG_BUCKETS.map(async (bucket, i) => {
    const newer = i === 0 ? now : ago(BACKLOG_BUCKETS[i - 1].maxDays)
    const older = Number.isFinite(bucket.maxDays) ? ago(bucket.maxDays) : undefined
    const count = await db.ticket.count({ where: { status: { in: OPEN_TICKET_STATUSES }, createdAt: { lte: newer, ...(older ? { gt: older } : {}) } } })
    return { key: bucket.key, count }
  }))
}

export async function dashboardFigures (db: Db, period: Period, now = new Date()) {
  const sql = sqlOf(db)
  const [conversations, tickets] = await Promise.all([conversationFigures(sql, period), ticketFigures(db, sql, period, now)])
  return { period, ...conversations, ...tickets }
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>
