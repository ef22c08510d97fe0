// Occurrences of a recurring event of the town file (RFC 5545 RRULE, expanded by ical.js) in the
// town's wall-clock time, so that « every Saturday at 8:00 » stays at 8:00 across daylight saving.
import ICAL from 'ical.js'
import { instantToLocal, localToInstant } from './local-time.ts'

const MAX_OCCURRENCES = 1000

/** Start instants of the occurrences of `rrule` from `startsAt` that fall in [from, until). */
export function occurrences (startsAt: Date, rrule: string, timeZone: string, from: Date, until: Date): Date[] {
  const { date, time } = instantToLocal(startsAt, timeZone)
  const [year, month, day] = date.split('-').map(Number)
  const [hour, minute] = time.split(':').map(Number)
  let iterator
  try {
    iterator = ICAL.Recur.fromString(rrule).iterator(ICAL.Time.fromData({ year, month, day, hour, minute }))
  } catch {
    return [] // validated on import; a rule the library cannot expand shows nothing rather than failing the answer
  }
  const out: Date[] = []
  for (let i = 0; i < MAX_OCCURRENCES * 10; i++) {
    const next = iterator.next()
    if (!next) break
    const two = (n: number) => String(n).padStart(2, '0')
    const start = localToInstant(`${next.year}-${two(next.month)}-${two(next.day)}`, `${two(next.hour)}:${two(next.minute)}`, timeZone)
    if (start >= until) break
    if (start >= from) out.push(start)
    if (out.length >= MAX_OCCURRENCES) break
  }
  return out
}
