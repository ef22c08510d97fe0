// A place's hours: its OpenStreetMap `opening_hours` value (evaluated by the `opening_hours`
// package, French public holidays for `PH`), its dated exceptions, in the town's time zone.
// Pure: no database, no clock; every question takes the instant or the day it is about.
import OpeningHours from 'opening_hours'
import type { PlaceException } from '../../src/answerer.ts'
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
  /** Seconds between two instants that fall inside the opening hours (waiting clocks, response times). */
  openSecondsBetween (from: Date, to: Date): number
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

// Parsing a value costs far more than evaluating it: one parse per value and holiday table. And
// evaluating one day costs about a millisecond (measured, opening_hours 3.15): each day's regular
// hours are kept, so that an answer reads a few cached days rather than evaluating two weeks.
const DAY_CACHE_SIZE = 20_000
const dayCache = new Map<string, Span[]>()
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

const slotsOf = (spans: Span[]): Slot[] => spans.map(([a, b]) => ({ from: wallTime(new Date(a)), to: wallTime(new Date(b), true) }))

type PlaceHours = { openingHours: string, exceptions: PlaceException[] }
// One schedule per place object and options: town data keeps the same objects for a while (cached),
// and a changed place is a new object, so its schedule is built afresh.
const schedules = new WeakMap<PlaceHours, Map<string, Schedule | null>>()

/** The place's schedule; null when it has no hours or they are not valid OSM syntax. */
export const createSchedule = (place: PlaceHours, options: ScheduleOptions): Schedule | null => {
  let byOptions = schedules.get(place)
  if (byOptions === undefined) {
    byOptions = new Map()
    schedules.set(place, byOptions)
  }
  const key = `${options.timeZone}\n${options.holidays}`
  let schedule = byOptions.get(key)
  if (schedule === undefined) {
    schedule = buildSchedule(place, options)
    byOptions.set(key, schedule)
  }
  return schedule
}

const buildSchedule = (place: PlaceHours, options: ScheduleOptions): Schedule | null => {
  const oh = parse(place.openingHours, options.holidays)
  if (oh === null) return null
  const { timeZone, holidays } = options
  const closedOnHolidays = CLOSED_ON_PH.test(place.openingHours)
  const exceptions = place.exceptions.map(e => ({ exception: e, span: [toWall(e.from, timeZone).getTime(), toWall(e.to, timeZone).getTime()] as Span }))

  /** The regular hours of one day from the OSM value alone, with date-holidays' holidays closed when the value says `PH off`. */
  const regularDay = (day: Date): Span[] => {
    const isoDay = wallIsoDay(day)
    const key = `${holidays}\n${place.openingHours}\n${isoDay}`
    let spans = dayCache.get(key)
    if (spans === undefined) {
      const next = addWallDays(day, 1)
      spans = oh.getOpenIntervals(day, next).map(([a, b]): Span => [a.getTime(), b.getTime()])
      // A day date-holidays knows and the library's table does not (should never happen): closed anyway.
      if (closedOnHolidays && spans.length > 0 && holidayOn(isoDay, holidays) !== null && !oh.getPublicHolidayContext(day).isHoliday) spans = []
      if (dayCache.size > DAY_CACHE_SIZE) dayCache.clear()
      dayCache.set(key, spans)
    }
    return spans
  }
  const regular = (from: Date, to: Date): Span[] => {
    const spans: Span[] = []
    for (let day = wallDayStart(wallIsoDay(from)); day < to; day = addWallDays(day, 1)) spans.push(...regularDay(day))
    return clip(merge(spans), [from.getTime(), to.getTime()])
  }

  // Each day's open spans and hours, kept with the schedule (which lives as long as the place object).
  const days = new Map<string, { spans: Span[], hours: DayHours }>()
  const openDay = (isoDay: string): { spans: Span[], hours: DayHours } => {
    let known = days.get(isoDay)
    if (known === undefined) {
      const start = wallDayStart(isoDay)
      const bounds: Span = [start.getTime(), addWallDays(start, 1).getTime()]
      const touching = exceptions.filter(({ span }) => span[0] < bounds[1] && span[1] > bounds[0])
      // Regular hours minus closures, plus exceptional openings (which win).
      let spans = regularDay(start)
      for (const { exception, span } of touching) if (!exception.open) spans = subtract(spans, span)
      spans = clip(merge(spans.concat(touching.filter(e => e.exception.open).map(e => e.span))), bounds)
      known = { spans, hours: { date: isoDay, slots: slotsOf(spans), holiday: holidayOn(isoDay, holidays), exceptions: touching.map(e => e.exception) } }
      if (days.size > 500) days.clear()
      days.set(isoDay, known)
    }
    return known
  }
  const open = (from: Date, to: Date): Span[] => {
    const spans: Span[] = []
    for (let day = wallDayStart(wallIsoDay(from)); day < to; day = addWallDays(day, 1)) spans.push(...openDay(wallIsoDay(day)).spans)
    return clip(merge(spans), [from.getTime(), to.getTime()])
  }
  const day = (isoDay: string): DayHours => openDay(isoDay).hours
  const usualWeeks = new Map<string, Slot[][]>()

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
    openSecondsBetween: (from, to) => {
      if (to <= from) return 0
      // On the wall clock, an hour is lost or gained at a DST change: at night, outside any opening.
      const spans = open(toWall(from, timeZone), toWall(to, timeZone))
      return Math.round(spans.reduce((sum, [a, b]) => sum + b - a, 0) / 1000)
    },
    week: isoDay => Array.from({ length: 7 }, (_, i) => day(wallIsoDay(addWallDays(wallDayStart(isoDay), i)))),
    usualWeek: isoDay => {
      const known = usualWeeks.get(isoDay)
      if (known !== undefined) return known
      const usual: Slot[][] = Array.from({ length: 7 }, () => [])
      const start = wallDayStart(isoDay)
      for (let i = 0; i < 7; i++) {
        // The same weekday in the following weeks until one is neither a holiday nor touched by an exception.
        for (let week = 0; week < 6; week++) {
          const date = addWallDays(start, i + 7 * week)
          const next = addWallDays(date, 1)
          if (holidayOn(wallIsoDay(date), holidays) !== null) continue
          if (exceptions.some(({ span }) => span[0] < next.getTime() && span[1] > date.getTime())) continue
          usual[date.getDay()] = slotsOf(regular(date, next))
          break
        }
      }
      if (usualWeeks.size > 100) usualWeeks.clear()
      usualWeeks.set(isoDay, usual)
      return usual
    }
  }
}
