// A year of figures in a few milliseconds (issue 18, docs/performance.md): MetricEvent rows of a
// day that ended more than 24 h ago never change (events are recorded as they happen), so the
// first dashboard that reads such a day rolls it up into MetricDay, one row per (type, day,
// channel, service, label) with its count, the sum of its values and its durations. Figures then
// read closed days from MetricDay and only today and yesterday from MetricEvent. Nothing is added
// to the path that records events; durations are kept as lists so percentiles stay exact.
import type { Db } from '../../db/client.ts'
import { placeholders, transaction, type Sql } from '../../db/sql.ts'
import { townDay } from '../../metrics/metric-events.ts'
import type { Period } from './period.ts'

export type Column = 'day' | 'channel' | 'serviceCode' | 'label'
export type Grouped = Partial<Record<Column, string | null>> & { count: number, valueSum: number, seconds: number[], workSeconds: number[] }

const DAY_MS = 86_400_000
const nextDay = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
const previousDay = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) - DAY_MS).toISOString().slice(0, 10)
const listAgg = (sql: Sql, expression: string) => sql.provider === 'postgresql' ? `string_agg(${expression}, ',')` : `group_concat(${expression}, ',')`
// A year of durations is tens of thousands of numbers: JSON.parse reads them several times faster than split + Number.
const numbers = (text: unknown): number[] => typeof text === 'string' && text !== '' ? JSON.parse(`[${text}]`) as number[] : []

/** The first day still read from MetricEvent: the day before `now`'s (a day is closed 24 h after it ends). */
export const firstOpenDay = (now: Date): string => townDay(new Date(now.getTime() - DAY_MS))

/** Rolls up the closed days of the period not rolled up yet; returns the first open day. */
export async function rollUpClosedDays (db: Db, sql: Sql, period: Period, now: Date): Promise<string> {
  const open = firstOpenDay(now)
  const last = period.to < open ? period.to : previousDay(open)
  if (period.from > last) return open
  const rolled = new Set((await sql.all<{ day: string }>('SELECT "day" FROM "MetricRolledDay" WHERE "day" >= ? AND "day" <= ?', [period.from, last])).map(r => r.day))
  const missing: string[] = []
  for (let day = period.from; day <= last; day = nextDay(day)) if (!rolled.has(day)) missing.push(day)
  // A year at a time at most (a dashboard's period); another instance doing the same is harmless.
  for (let i = 0; i < missing.length; i += 400) await rollUp(db, missing.slice(i, i + 400))
  return open
}

async function rollUp (db: Db, days: string[]): Promise<void> {
  await transaction(db, async sql => {
    const key = '"type", "day", COALESCE("channel", \'\'), COALESCE("serviceCode", \'\'), COALESCE("label", \'\')'
    // The day range lets the (type, day) indexes serve the read; the list keeps only missing days.
    await sql.run(`INSERT INTO "MetricDay" ("type", "day", "channel", "serviceCode", "label", "count", "valueSum", "seconds", "workSeconds")
      SELECT ${key}, COUNT(*), COALESCE(SUM("value"), 0), ${listAgg(sql, 'CAST("seconds" AS TEXT)')}, ${listAgg(sql, 'CAST("workSeconds" AS TEXT)')}
      FROM "MetricEvent" WHERE "type" IN ${placeholders(METRIC_TYPES.length)} AND "day" >= ? AND "day" <= ? AND "day" IN ${placeholders(days.length)}
      GROUP BY ${key} ON CONFLICT DO NOTHING`, [...METRIC_TYPES, days[0], days[days.length - 1], ...days])
    await sql.run(`INSERT INTO "MetricRolledDay" ("day", "rolledAt") VALUES ${days.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`, days.flatMap(day => [day, new Date()]))
  })
}

const METRIC_TYPES = ['conversation_opened', 'handoff', 'first_response', 'ticket_opened', 'ticket_resolved', 'satisfaction', 'intent']

/**
 * Counts, value sums and durations of one type over the period, grouped by `columns`: closed days
 * from MetricDay, the open ones from MetricEvent, added together. Missing keys come back as null.
 */
export async function grouped (sql: Sql, type: string, period: Period, open: string, columns: Column[], read: { durations?: boolean, values?: boolean } = {}): Promise<Grouped[]> {
  const withDurations = read.durations === true
  // Only what the index covers is read from today's events: a value or a duration costs a row lookup otherwise.
  const live = { values: read.values === true, durations: withDurations }
  const cols = columns.map(c => `"${c}"`)
  const select = (rolled: boolean) => [
    ...columns.map(c => rolled ? `NULLIF("${c}", '') AS "${c}"` : `"${c}"`),
    rolled ? 'SUM("count") AS "n"' : 'COUNT(*) AS "n"',
    rolled ? 'SUM("valueSum") AS "v"' : live.values ? 'COALESCE(SUM("value"), 0) AS "v"' : '0 AS "v"',
    ...(withDurations ? [`${listAgg(sql, rolled ? '"seconds"' : 'CAST("seconds" AS TEXT)')} AS "s"`, `${listAgg(sql, rolled ? '"workSeconds"' : 'CAST("workSeconds" AS TEXT)')} AS "w"`] : []),
  ].join(', ')
  const groupBy = (rolled: boolean) => cols.length ? ` GROUP BY ${columns.map(c => rolled ? `NULLIF("${c}", '')` : `"${c}"`).join(', ')}` : ''
  const queries: Promise<Record<string, unknown>[]>[] = []
  const lastClosed = previousDay(open)
  if (period.from <= lastClosed) {
    queries.push(sql.all(`SELECT ${select(true)} FROM "MetricDay" WHERE "type" = ? AND "day" >= ? AND "day" <= ?${groupBy(true)}`, [type, period.from, period.to < lastClosed ? period.to : lastClosed]))
  }
  if (period.to >= open) {
    queries.push(sql.all(`SELECT ${select(false)} FROM "MetricEvent" WHERE "type" = ? AND "day" >= ? AND "day" <= ?${groupBy(false)}`, [type, period.from > open ? period.from : open, period.to]))
  }
  const merged = new Map<string, Grouped>()
  for (const row of (await Promise.all(queries)).flat()) {
    const id = JSON.stringify(columns.map(c => row[c] ?? null))
    let group = merged.get(id)
    if (group === undefined) {
      group = { count: 0, valueSum: 0, seconds: [], workSeconds: [] }
      for (const c of columns) group[c] = row[c] == null ? null : String(row[c])
      merged.set(id, group)
    }
    group.count += Number(row.n ?? 0)
    group.valueSum += Number(row.v ?? 0)
    if (withDurations) {
      for (const n of numbers(row.s)) group.seconds.push(n)
      for (const n of numbers(row.w)) group.workSeconds.push(n)
    }
  }
  // An empty period still answers one row when nothing is grouped (COUNT(*) of nothing is 0).
  return [...merged.values()].filter(g => g.count > 0)
}
