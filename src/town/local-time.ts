// Wall-clock times of the town (« le 24/12 à 12 h ») to instants and back, across daylight saving.
// The town file writes local times without an offset; the database stores instants.

const formatters = new Map<string, Intl.DateTimeFormat>()
function partsIn (date: Date, timeZone: string): Record<string, number> {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    formatters.set(timeZone, f)
  }
  const out: Record<string, number> = {}
  for (const p of f.formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return out
}

/** Minutes to add to UTC to get the wall clock of `timeZone` at `date`. */
function offsetMinutes (date: Date, timeZone: string): number {
  const p = partsIn(date, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000)
}

/** "2026-12-24", "12:00" in Europe/Paris → the instant. A time skipped by the spring change moves forward. */
export function localToInstant (date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  const [hh, mm] = time.split(':').map(Number)
  const guess = Date.UTC(y, m - 1, d, hh, mm)
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60_000
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60_000
  return new Date(instant)
}

/** The instant as the town's wall clock: { date: "2026-12-24", time: "12:00" }. */
export function instantToLocal (instant: Date, timeZone: string): { date: string, time: string } {
  const p = partsIn(instant, timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return { date: `${p.year}-${two(p.month)}-${two(p.day)}`, time: `${two(p.hour)}:${two(p.minute)}` }
}

export const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
export const LOCAL_DATE_TIME = /^(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?:[T ]([01]\d|2[0-3]):([0-5]\d))?$/

/** "2026-12-24T12:00" or "2026-12-24" (the start of the day, or with endOfDay the start of the next day). */
export function parseLocal (value: string, timeZone: string, endOfDay = false): Date | undefined {
  const m = LOCAL_DATE_TIME.exec(value)
  if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) return undefined
  if (m[2] !== undefined) return localToInstant(m[1], `${m[2]}:${m[3]}`, timeZone)
  return localToInstant(endOfDay ? addDays(m[1], 1) : m[1], '00:00', timeZone)
}

/** The inverse of parseLocal: a day boundary is written as a date alone. */
export function formatLocal (instant: Date, timeZone: string, endOfDay = false): string {
  const { date, time } = instantToLocal(instant, timeZone)
  if (time === '00:00') return endOfDay ? addDays(date, -1) : date
  return `${date}T${time}`
}

export function addDays (date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
