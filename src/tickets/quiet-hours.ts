// SMS notifications that would go out at night wait for the morning (issue 4). Hours are read
// on the town's wall clock, so the rule follows daylight saving time.

export type QuietHours = { start: number, end: number }

type WallClock = { year: number, month: number, day: number, hour: number, minute: number }

// Building a DateTimeFormat costs far more than using one: Open311 formats thousands of dates per answer.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor (timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) formatters.set(timeZone, formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }))
  return formatter
}

function wallClock (date: Date, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(date)
  const get = (type: string) => Number(parts.find(p => p.type === type)?.value)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') }
}

/** Minutes the zone is ahead of UTC at this instant (+60 in Paris in winter). */
export function zoneOffsetMinutes (date: Date, timeZone: string): number {
  const w = wallClock(date, timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute)
  return Math.round((asUtc - Math.floor(date.getTime() / 60_000) * 60_000) / 60_000)
}

export function isQuietHour (hour: number, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false
  return quiet.start > quiet.end ? hour >= quiet.start || hour < quiet.end : hour >= quiet.start && hour < quiet.end
}

/** When a notification created at `now` may leave: undefined if now, else the end of the quiet hours. */
export function quietHoursRelease (now: Date, timeZone: string, quiet: QuietHours): Date | undefined {
  const w = wallClock(now, timeZone)
  if (!isQuietHour(w.hour, quiet)) return undefined
  const dayShift = w.hour >= quiet.end ? 1 : 0
  const guess = Date.UTC(w.year, w.month - 1, w.day + dayShift, quiet.end % 24, 0)
  // Two passes: the offset at the release time may differ from now's (a DST change overnight).
  const first = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000
  return new Date(guess - zoneOffsetMinutes(new Date(first), timeZone) * 60_000)
}

/** W3C / ISO 8601 with the town's offset, e.g. 2026-11-28T11:23:13+01:00 (Open311 dates). */
export function isoInZone (date: Date, timeZone: string): string {
  const offset = zoneOffsetMinutes(date, timeZone)
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}
