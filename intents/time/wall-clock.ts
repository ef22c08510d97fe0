// The town's wall clock as a Date. The `opening_hours` package reads dates through the process's
// local getters (getHours, getDay…), and the server's zone is not the town's: a "wall" Date is one
// whose local fields are the town's wall clock, built with the local constructor. Instants are
// converted at the edges only, so a schedule is evaluated right on both sides of a DST change.

const formats = new Map<string, Intl.DateTimeFormat>()

const partsIn = (instant: Date, timeZone: string): number[] => {
  let format = formats.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formats.set(timeZone, format)
  }
  const parts: Record<string, number> = {}
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value)
  return [parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second]
}

/** Minutes the town's clock is ahead of UTC at `instant`. */
const computeOffset = (instant: number, timeZone: string): number => {
  const [year, month, day, hour, minute, second] = partsIn(new Date(instant), timeZone)
  return Math.round((Date.UTC(year, month, day, hour, minute, second) - Math.floor(instant / 1000) * 1000) / 60_000)
}

// Formatting in a time zone costs ~10 µs, and an answer converts a dozen instants. Offsets change
// only on quarter hours (every DST rule in use), so one per quarter hour is kept.
const offsets = new Map<string, number>()
const offsetAt = (instant: number, timeZone: string): number => {
  const key = `${timeZone} ${Math.floor(instant / 900_000)}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    offset = computeOffset(instant, timeZone)
    if (offsets.size > 10_000) offsets.clear()
    offsets.set(key, offset)
  }
  return offset
}

/** The instant as the town's wall clock. */
export const toWall = (instant: Date, timeZone: string): Date => {
  const shifted = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone) * 60_000)
  return new Date(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds())
}

/** The instant a wall Date names in the town (a time skipped in spring moves forward by the gap). */
export const fromWall = (wall: Date, timeZone: string): Date => {
  const guess = Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds())
  const first = guess - offsetAt(guess, timeZone) * 60_000
  return new Date(guess - offsetAt(first, timeZone) * 60_000)
}

const two = (n: number): string => String(n).padStart(2, '0')

/** "2026-12-24" of a wall Date. */
export const wallIsoDay = (wall: Date): string => `${wall.getFullYear()}-${two(wall.getMonth() + 1)}-${two(wall.getDate())}`
/** "08:30" of a wall Date; midnight at the end of a day is "24:00". */
export const wallTime = (wall: Date, endOfDay = false): string =>
  endOfDay && wall.getHours() === 0 && wall.getMinutes() === 0 ? '24:00' : `${two(wall.getHours())}:${two(wall.getMinutes())}`
/** Midnight starting the ISO day, as a wall Date. */
export const wallDayStart = (isoDay: string): Date => {
  const [year, month, day] = isoDay.split('-').map(Number)
  return new Date(year, month - 1, day)
}
export const addWallDays = (wall: Date, days: number): Date => new Date(wall.getFullYear(), wall.getMonth(), wall.getDate() + days, wall.getHours(), wall.getMinutes(), wall.getSeconds())
