// A year of figures in a few milliseconds (issue 18, docs/performance.md): MetricEvent rows of a
// day that ended more than 24 h ago never change (events are recorded as they happen), so the
// first dashboard that reads such a day rolls it up into MetricDay, one row per (type, day,
// channel, service, label) with its count, the sum of its values and its durations. Figures then
// read closed days from MetricDay and only today and yesterday from MetricEvent. Nothing is added
// to the path that records events. The statements: src/db/metric-days.ts.
import type { Store } from '../../db/transaction.ts'
import { nextDay, previousDay, rolledUpDays, rollUpDays } from '../../db/metric-days.ts'
import { townDay } from '../../metrics/metric-events.ts'
import type { Period } from './period.ts'

const DAY_MS = 86_400_000

/** The first day still read from MetricEvent: the day before `now`'s (a day is closed 24 h after it ends). */
export const firstOpenDay = (now: Date): string => townDay(new Date(now.getTime() - DAY_MS))

/** Rolls up the closed days of the period not rolled up yet; returns the first open day. */
export async function rollUpClosedDays (store: Store, period: Period, now: Date): Promise<string> {
  const open = firstOpenDay(now)
  const last = period.to < open ? period.to : previousDay(open)
  if (period.from > last) return open
  const rolled = await rolledUpDays(store, { from: period.from, to: last })
  const missing: string[] = []
  for (let day = period.from; day <= last; day = nextDay(day)) if (!rolled.has(day)) missing.push(day)
  // A year at a time at most (a dashboard's period); another instance doing the same is harmless.
  for (let i = 0; i < missing.length; i += 400) await rollUpDays(store, missing.slice(i, i + 400))
  return open
}
