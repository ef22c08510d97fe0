// A place's hours: its OpenStreetMap `opening_hours` value (evaluated by the `opening_hours`
// package, French public holidays for `PH`), its dated exceptions, in the town's time zone.
// Pure: no database, no clock; every question takes the instant or the day it is about.
import OpeningHours from 'opening_hours'
import type { PlaceException } from '../../src/core/assistant.ts'
import { holidayOn, type HolidayCalendar, type PublicHoliday } from './holidays.ts'
import { addWallDays, fromWall, toWall, wallDayStart, wallIsoDay, wallTime } from './wall-clock.ts'

export type Slot = { from: string, to: string }
export type DayHours = {
  date: string
  /** Open slots of the day after holidays and exceptions, "08:30"-"12:00" on the town's clock. */
  slots: Slot[]
  holiday: PublicHoliday | null
  /** Exceptions that touch the day (closures and exceptional openings), for their public note. */
  exceptions: PlaceException[]
}
export type ScheduleOptions = { timeZone: string, holidays: HolidayCalendar }
export type Schedule = {
  isOpenAt (now: Date): boolean
  day (isoDay: string): DayHours
  /** The next time it opens after `now` (after the current opening when open now); null within a year. */
  nextOpening (now: Date): Date | null
  /** When the current opening ends; null when closed at `now`. */
  nextClosing (now: Date): Date | null
  /** Seven days from `isoDay`. */
  week (isoDay: string): DayHours[]
  /** The usual slots of each weekday (0 = Sunday), holidays and exceptions aside, from the weeks after `isoDay`. */
  usualWeek (isoDay: string): Slot[][]
}

type Span = [number, number] // wall-clock milliseconds, [from, to)

// The place's coordinates only choose the holiday table: mainland France, or Moselle for the
// Alsace-Moselle days (Good Friday, 26 December); the library's table for France matches
// date-holidays' (checked by test/unit/intents/time/opening-hours.test.ts).
const NOMINATIM: Record<HolidayCalendar, { lat: number, lon: number, address: { country_code: string, state: string } }> = {
  fr: { lat: 47.2, lon: -1.55, address: { country_code: 'fr', state: '' } },
  'fr-alsace-moselle': { lat: 49.12, lon: 6.18, address: { country_code: 'fr', state: 'Moselle' } }
}

// Parsing a value costs far more than evaluating it: one parse per value and holiday table.
const parsed = new Map<string, OpeningHours | null>()
const parse = (value: string, holidays: HolidayCalendar): OpeningHours | null => {
  const key = `${holidays}\n${value}`
  let oh = parsed.get(key)
  if (oh === undefined) {
    try { oh = value.trim() === '' ? null : new OpeningHours(value, NOMINATIM[holidays]) } catch { oh = null }
    if (parsed.size > 1000) parsed.clear()
    parsed.set(key, oh)
  }
  return oh
}

/** undefined when the value is valid OSM opening_hours, else the library's first line of error. */
export const openingHoursError = (value: string): string | undefined => {
  try {
    new OpeningHours(value, NOMINATIM.fr) // eslint-disable-line no-new
    return undefined
  } catch (error) {
    return String(error).split('\n')[0].slice(0, 300)
  }
}

const merge = (spans: Span[]): Span[] => {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])
  const out: Span[] = []
  for (const span of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else out.push([span[0], span[1]])
  }
  return out
}

const subtract = (spans: Span[], cut: Span): Span[] =>
  spans.flatMap(([a, b]): Span[] => b <= cut[0] || a >= cut[1] ? [[a, b]] : [[a, Math.min(b, cut[0])], [Math.max(a, cut[1]), b]].filter(([x, y]) => y > x) as Span[])

const clip = (spans: Span[], [from, to]: Span): Span[] => spans.map(([a, b]): Span => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => b > a)

const CLOSED_ON_PH = /\bPH\b[^;]*\b(off|closed)\b/i

/** The place's schedule; null when it has no hours or they are not valid OSM syntax. */
export const createSchedule = (place: { openingHours: string, exceptions: PlaceException[] }, options: ScheduleOptions): Schedule | null => {
  const oh = parse(place.openingHours, options.holidays)
  if (oh === null) return null
  const { timeZone, holidays } = options
  const closedOnHolidays = CLOSED_ON_PH.test(place.openingHours)
  const exceptions = place.exceptions.map(e => ({ exception: e, span: [toWall(e.from, timeZone).getTime(), toWall(e.to, timeZone).getTime()] as Span }))

  /** The regular hours from the OSM value alone, with date-holidays' holidays closed when the value says `PH off`. */
  const regular = (from: Date, to: Date): Span[] => {
    let spans: Span[] = oh.getOpenIntervals(from, to).map(([a, b]): Span => [a.getTime(), b.getTime()])
    if (!closedOnHolidays) return spans
    for (let day = wallDayStart(wallIsoDay(from)); day < to; day = addWallDays(day, 1)) {
      // A day date-holidays knows and the library's table does not (should never happen): closed anyway.
      if (holidayOn(wallIsoDay(day), holidays) !== null && !oh.getPublicHolidayContext(day).isHoliday) spans = subtract(spans, [day.getTime(), addWallDays(day, 1).getTime()])
    }
    return spans
  }

  /** Open spans over [from, to): regular hours minus closures, plus exceptional openings (which win). */
  const open = (from: Date, to: Date): Span[] => {
    const range: Span = [from.getTime(), to.getTime()]
    let spans = regular(from, to)
    for (const { exception, span } of exceptions) if (!exception.open) spans = subtract(spans, span)
    spans = spans.concat(exceptions.filter(e => e.exception.open).map(e => e.span))
    return clip(merge(spans), range)
  }

  const slotsOf = (spans: Span[]): Slot[] => spans.map(([a, b]) => ({ from: wallTime(new Date(a)), to: wallTime(new Date(b), true) }))

  const day = (isoDay: string): DayHours => {
    const start = wallDayStart(isoDay)
    const end = addWallDays(start, 1)
    return {
      date: isoDay,
      slots: slotsOf(open(start, end)),
      holiday: holidayOn(isoDay, holidays),
      exceptions: exceptions.filter(({ span }) => span[0] < end.getTime() && span[1] > start.getTime()).map(e => e.exception)
    }
  }

  const around = (now: Date, days: number): { wall: number, spans: Span[] } => {
    const wall = toWall(now, timeZone)
    const start = addWallDays(wallDayStart(wallIsoDay(wall)), -1)
    return { wall: wall.getTime(), spans: open(start, addWallDays(start, days + 1)) }
  }

  return {
    isOpenAt: now => {
      const { wall, spans } = around(now, 2)
      return spans.some(([a, b]) => a <= wall && wall < b)
    },
    day,
    nextOpening: now => {
      // Most answers find it within two weeks; a long closure (summer, works) needs more.
      for (const days of [14, 120, 370]) {
        const { wall, spans } = around(now, days)
        const next = spans.find(([a]) => a > wall)
        if (next !== undefined) return fromWall(new Date(next[0]), timeZone)
      }
      return null
    },
    nextClosing: now => {
      const { wall, spans } = around(now, 8)
      const current = spans.find(([a, b]) => a <= wall && wall < b)
      return current === undefined ? null : fromWall(new Date(current[1]), timeZone)
    },
    week: isoDay => Array.from({ length: 7 }, (_, i) => day(wallIsoDay(addWallDays(wallDayStart(isoDay), i)))),
    usualWeek: isoDay => {
      const usual: Slot[][] = Array.from({ length: 7 }, () => [])
      const start = wallDayStart(isoDay)
      for (let i = 0; i < 7; i++) {
        // The same weekday in the following weeks until one is neither a holiday nor touched by an exception.
        for (let week = 0; week < 6; week++) {
          const date = addWallDays(start, i + 7 * week)
          const next = addWallDays(date, 1)
          if (holidayOn(wallIsoDay(date), holidays) !== null || oh.getPublicHolidayContext(date).isHoliday) continue
          if (exceptions.some(({ span }) => span[0] < next.getTime() && span[1] > date.getTime())) continue
          usual[date.getDay()] = slotsOf(clip(merge(regular(date, next)), [date.getTime(), next.getTime()]))
          break
        }
      }
      return usual
    }
  }
}
