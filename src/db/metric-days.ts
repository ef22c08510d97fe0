// The MetricDay repository (issue 18, docs/performance.md): the dashboard's figures read closed
// days from their rollups (one row per type, day, channel, service and label) and only today and
// yesterday from MetricEvent. Which days are closed is decided by src/inbox/dashboard/daily-rollup.ts;
// this file holds the statements. Durations are kept as lists so percentiles stay exact.
import { placeholders, type Sql } from './sql.ts'
import { inTransaction, sqlFor, type DbOrTx, type Store } from './transaction.ts'
import type { Db } from './client.ts'

export type MetricColumn = 'day' | 'channel' | 'serviceCode' | 'label'
export type GroupedMetric = Partial<Record<MetricColumn, string | null>> & { count: number, valueSum: number, seconds: number[], workSeconds: number[] }
/** Two town days, inclusive (YYYY-MM-DD). */
export type DayRange = { from: string, to: string }

const DAY_MS = 86_400_000
export const nextDay = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
export const previousDay = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) - DAY_MS).toISOString().slice(0, 10)
const listAgg = (sql: Sql, expression: string) => sql.provider === 'postgresql' ? `string_agg(${expression}, ',')` : `group_concat(${expression}, ',')`
// A year of durations is tens of thousands of numbers: JSON.parse reads them several times faster than split + Number.
const numbers = (text: unknown): number[] => typeof text === 'string' && text !== '' ? JSON.parse(`[${text}]`) as number[] : []

const METRIC_TYPES = ['conversation_opened', 'handoff', 'first_response', 'ticket_opened', 'ticket_resolved', 'satisfaction', 'intent']

/** The days of this range already rolled up. */
export async function rolledUpDays (on: DbOrTx, range: DayRange): Promise<Set<string>> {
  return new Set((await sqlFor(on).all<{ day: string }>('SELECT "day" FROM "MetricRolledDay" WHERE "day" >= ? AND "day" <= ?', [range.from, range.to])).map(r => r.day))
}

/** Rolls these closed days up, in one transaction of its own (another instance doing the same is harmless). */
export async function rollUpDays (db: Db | Store, days: string[]): Promise<void> {
  await inTransaction(db, async tx => {
    const sql = sqlFor(tx)
    const key = '"type", "day", COALESCE("channel", \'\'), COALESCE("serviceCode", \'\'), COALESCE("label", \'\')'
    // The day range lets the (type, day) indexes serve the read; the list keeps only missing days.
    await sql.run(`INSERT INTO "MetricDay" ("type", "day", "channel", "serviceCode", "label", "count", "valueSum", "seconds", "workSeconds")
      SELECT ${key}, COUNT(*), COALESCE(SUM("value"), 0), ${listAgg(sql, 'CAST("seconds" AS TEXT)')}, ${listAgg(sql, 'CAST("workSeconds" AS TEXT)')}
      FROM "MetricEvent" WHERE "type" IN ${placeholders(METRIC_TYPES.length)} AND "day" >= ? AND "day" <= ? AND "day" IN ${placeholders(days.length)}
      GROUP BY ${key} ON CONFLICT DO NOTHING`, [...METRIC_TYPES, days[0], days[days.length - 1], ...days])
    await sql.run(`INSERT INTO "MetricRolledDay" ("day", "rolledAt") VALUES ${days.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`, days.flatMap(day => [day, new Date()]))
  })
}

/**
 * Counts, value sums and durations of one type over the range, grouped by `columns`: closed days
 * (before `open`) from MetricDay, the open ones from MetricEvent, added together. Missing keys come back as null.
 */
export async function groupedMetrics (on: DbOrTx, type: string, range: DayRange, open: string, columns: MetricColumn[], read: { durations?: boolean, values?: boolean } = {}): Promise<GroupedMetric[]> {
  const sql = sqlFor(on)
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
  if (range.from <= lastClosed) {
    queries.push(sql.all(`SELECT ${select(true)} FROM "MetricDay" WHERE "type" = ? AND "day" >= ? AND "day" <= ?${groupBy(true)}`, [type, range.from, range.to < lastClosed ? range.to : lastClosed]))
  }
  if (range.to >= open) {
    queries.push(sql.all(`SELECT ${select(false)} FROM "MetricEvent" WHERE "type" = ? AND "day" >= ? AND "day" <= ?${groupBy(false)}`, [type, range.from > open ? range.from : open, range.to]))
  }
  const merged = new Map<string, GroupedMetric>()
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

/**
 * How many distinct conversations had an event of this type over the range: distinct
 * conversations cannot be added up day by day, so this reads the events' covering index.
 * (A DISTINCT subquery: PostgreSQL hashes it, where COUNT(DISTINCT …) sorts.)
 */
export async function distinctConversationsWith (on: DbOrTx, type: string, range: DayRange): Promise<number> {
  const [row] = await sqlFor(on).all<{ n: unknown }>('SELECT COUNT(*) AS "n" FROM (SELECT DISTINCT "conversationId" FROM "MetricEvent" WHERE "type" = ? AND "day" >= ? AND "day" <= ?) AS "handed"', [type, range.from, range.to])
  return Number(row.n)
}
