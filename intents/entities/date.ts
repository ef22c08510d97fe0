// Dates as ISO "YYYY-MM-DD" in the town's time zone: "aujourd'hui", "demain", "lundi", "12/03",
// "12 mars", "March 12", "tomorrow". A weekday means its next occurrence, today included.
import { normalizeText } from '../normalize.ts'

const MONTHS: Record<string, number> = {
  janvier: 1, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, fev: 2, apr: 4, avr: 4, jun: 6, jul: 7, juil: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12
}
const WEEKDAYS: Record<string, number> = {
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6
}
const MONTH_NAMES = Object.keys(MONTHS).join('|')
const WEEKDAY_NAMES = Object.keys(WEEKDAYS).join('|')

// Building an Intl.DateTimeFormat costs ~0.2 ms: one per time zone, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>()

// The last day computed: a turn asks for the day of the same instant twice or more (the classifier's
// date entity, then the dialog's), and formatting it is the costliest step of reading a date.
let lastDay = { time: NaN, timeZone: '', day: NaN }

/** The calendar day of `now` in `timeZone`, as a UTC-midnight Date (for day arithmetic). */
export const localDay = (now: Date, timeZone: string): Date => {
  const time = now.getTime()
  if (time === lastDay.time && timeZone === lastDay.timeZone) return new Date(lastDay.day)
  let format = dayFormats.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timeZone, format)
  }
  const day = new Date(`${format.format(now)}T00:00:00Z`)
  lastDay = { time, timeZone, day: day.getTime() }
  return day
}

const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:er|st|nd|rd|th)? (?:of )?(${MONTH_NAMES})\\b(?: (\\d{4}))?`)
const MONTH_DAY = new RegExp(`\\b(${MONTH_NAMES}) (\\d{1,2})(?:st|nd|rd|th)?\\b(?: (\\d{4}))?`)
const WEEKDAY = new RegExp(`\\b(depuis |since |last )?(${WEEKDAY_NAMES})\\b`)

const iso = (day: Date): string => day.toISOString().slice(0, 10)
const addDays = (day: Date, days: number): Date => new Date(day.getTime() + days * 86_400_000)

const fromParts = (year: number, month: number, dayOfMonth: number): string | null => {
  const day = new Date(Date.UTC(year, month - 1, dayOfMonth))
  return day.getUTCMonth() === month - 1 && day.getUTCDate() === dayOfMonth ? iso(day) : null
}

const fullYear = (year: string | undefined, today: Date): number =>
  year === undefined ? today.getUTCFullYear() : year.length === 2 ? 2000 + Number(year) : Number(year)

/** The first date named in the text, ISO, or null. `normalized` is normalizeText(text), when the caller has it. */
export const extractDate = (text: string, now: Date, timeZone = 'Europe/Paris', normalized?: string): string | null => {
  const isoMatch = /\b(20\d{2})-(\d{2})-(\d{2})\b/.exec(text)
  if (isoMatch !== null) return fromParts(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]))
  // Today is only needed once a date is found, and most messages name none: formatting `now` in the
  // town's time zone for every message was a good part of the cost of entity extraction.
  const numeric = /(?<![\d-])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![\d-])/.exec(text)
  if (numeric !== null) return fromParts(fullYear(numeric[3], localDay(now, timeZone)), Number(numeric[2]), Number(numeric[1]))
  const words = normalized ?? normalizeText(text)
  const today = (): Date => localDay(now, timeZone)
  if (/\b(apres demain|day after tomorrow)\b/.test(words)) return iso(addDays(today(), 2))
  if (/\b(demain|tomorrow)\b/.test(words)) return iso(addDays(today(), 1))
  if (/\b(aujourd hui|today|ce midi|ce soir|tonight|this lunchtime)\b/.test(words)) return iso(today())
  if (/\b(hier|yesterday)\b/.test(words)) return iso(addDays(today(), -1))
  const dayMonth = DAY_MONTH.exec(words)
  if (dayMonth !== null) return fromParts(fullYear(dayMonth[3], today()), MONTHS[dayMonth[2]], Number(dayMonth[1]))
  const monthDay = MONTH_DAY.exec(words)
  if (monthDay !== null) return fromParts(fullYear(monthDay[3], today()), MONTHS[monthDay[1]], Number(monthDay[2]))
  const weekday = WEEKDAY.exec(words)
  if (weekday !== null) {
    const ahead = (WEEKDAYS[weekday[2]] - today().getUTCDay() + 7) % 7
    // "depuis lundi" / "since Monday" is the previous one
    return iso(addDays(today(), weekday[1] === undefined ? ahead : ahead - 7))
  }
  return null
}
