// Days and moments as citizens read them: « le 25 décembre », « samedi 14 mars », « demain à 8 h 30 ».
import type { Lang } from '../../src/domain.ts'
import type { DateRange } from '../entities/date.ts'
import { toWall, wallIsoDay, wallTime } from '../time/wall-clock.ts'
import { formatTime } from './french-typography.ts'
import { memoByLang } from './memo.ts'

const LONG: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
}
const NO_WEEKDAY: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' })
}
const SHORT: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
}

const noon = (isoDay: string): Date => new Date(`${isoDay}T12:00:00Z`)
// « 1er avril », not « 1 avril ».
const firstOfMonth = (text: string, lang: Lang): string => lang === 'fr' ? text.replace(/(^|\s)1 (?=\p{L})/u, '$11er ') : text

// Formatting a day with Intl costs microseconds, and an hours or events answer names a dozen days:
// each day's text is remembered (a few hundred days are ever asked about).
const longDay = memoByLang((isoDay, lang) => firstOfMonth(LONG[lang].format(noon(isoDay)), lang))
const dayNoWeekday = memoByLang((isoDay, lang) => firstOfMonth(NO_WEEKDAY[lang].format(noon(isoDay)), lang))

/** « samedi 14 mars » / "Saturday 14 March"; without the weekday: « 25 décembre ». */
export const dayText = (isoDay: string, lang: Lang, withWeekday = true): string =>
  withWeekday ? longDay(isoDay, lang) : dayNoWeekday(isoDay, lang)

/** « sam. 14 mars » / "Sat 14 Mar". */
export const shortDayText = memoByLang((isoDay: string, lang: Lang): string => firstOfMonth(SHORT[lang].format(noon(isoDay)), lang))

// An answer walks days one by one (a week's hours, two weeks of exceptions) at every turn: each
// shift of a day is remembered rather than done again with a Date and toISOString.
const shifted = new Map<string, string>()
const SHIFTED_LIMIT = 10_000

export const addIsoDays = (isoDay: string, days: number): string => {
  const key = `${days} ${isoDay}`
  let out = shifted.get(key)
  if (out === undefined) {
    const d = noon(isoDay)
    d.setUTCDate(d.getUTCDate() + days)
    out = d.toISOString().slice(0, 10)
    if (shifted.size >= SHIFTED_LIMIT) shifted.clear()
    shifted.set(key, out)
  }
  return out
}

/** « aujourd'hui », « demain », « le samedi 14 mars » / "today", "tomorrow", "on Saturday 14 March". */
export const relativeDay = (isoDay: string, today: string, lang: Lang, withWeekday = true, withArticle = true): string => {
  if (isoDay === today) return lang === 'en' ? 'today' : 'aujourd\'hui'
  if (isoDay === addIsoDays(today, 1)) return lang === 'en' ? 'tomorrow' : 'demain'
  return `${withArticle ? (lang === 'en' ? 'on ' : 'le ') : ''}${dayText(isoDay, lang, withWeekday)}`
}

/** « demain à 8 h 30 », « le lundi 28 décembre à 9 h » / "tomorrow at 8:30 am". */
export const momentText = (instant: Date, now: Date, timeZone: string, lang: Lang): string => {
  const wall = toWall(instant, timeZone)
  const day = relativeDay(wallIsoDay(wall), wallIsoDay(toWall(now, timeZone)), lang, true, false)
  return `${day} ${lang === 'en' ? 'at' : 'à'} ${formatTime(wallTime(wall), lang)}`
}

/** « sam. 14 mars, 9 h » / "Sat 14 Mar, 9:00 am", for lists of events. */
export const eventTimeText = (instant: Date, timeZone: string, lang: Lang): string => {
  const wall = toWall(instant, timeZone)
  return `${shortDayText(wallIsoDay(wall), lang)}, ${formatTime(wallTime(wall), lang)}`
}

/** How to name the days a range covers: « ce week-end », « la semaine prochaine », « pendant les vacances de la Toussaint », « samedi 14 mars ». */
export const rangeText = (range: DateRange, today: string, lang: Lang): string => {
  const span = spanText(range.from, range.to, lang)
  switch (range.period?.kind) {
    case 'weekend': return lang === 'en' ? `this weekend (${weekendText(range, lang)})` : `ce week-end (${weekendText(range, lang)})`
    case 'week': return lang === 'en' ? `from ${span}` : span
    // The holidays' name is the town data's, in French.
    case 'school_holidays': return lang === 'en' ? `during the school holidays (${span})` : `pendant les ${lowerFirst(range.period.name ?? 'vacances')} (${span})`
    default: return range.from === range.to ? relativeDay(range.from, today, lang) : (lang === 'en' ? `from ${span}` : span)
  }
}

const sameMonth = (from: string, to: string): boolean => from.slice(0, 7) === to.slice(0, 7)
const dayOfMonth = (isoDay: string, lang: Lang): string => lang === 'fr' && isoDay.endsWith('-01') ? '1er' : String(Number(isoDay.slice(8)))

/** « du 14 au 22 mars », « du 17 octobre au 1er novembre » / "14 to 22 March". */
const spanText = (from: string, to: string, lang: Lang): string => {
  const end = dayText(to, lang, false)
  const start = sameMonth(from, to) ? dayOfMonth(from, lang) : dayText(from, lang, false)
  return lang === 'en' ? `${start} to ${end}` : `du ${start} au ${end}`
}

/** « samedi 14 et dimanche 15 mars » / "Saturday 14 and Sunday 15 March". */
const weekendText = (range: DateRange, lang: Lang): string => {
  if (range.from === range.to) return dayText(range.from, lang)
  const saturday = sameMonth(range.from, range.to) ? dayText(range.from, lang).replace(/ \p{L}+$/u, '') : dayText(range.from, lang)
  return `${saturday} ${lang === 'en' ? 'and' : 'et'} ${dayText(range.to, lang)}`
}

const lowerFirst = (text: string): string => text.replace(/^Vacances\b/, 'vacances')
