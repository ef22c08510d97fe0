// Dates as ISO "YYYY-MM-DD" in the town's time zone: "aujourd'hui", "demain", "lundi", "12/03",
// "12 mars", "March 12", "tomorrow". A weekday means its next occurrence, today included.
// extractDateRange also reads the phrases citizens use for a stretch of days or a part of one
// (issue 15): « ce week-end », « la semaine prochaine », « lundi prochain », « à Noël »,
// « pendant les vacances de la Toussaint », « samedi après-midi », « le samedi » (every Saturday).
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

// The day of the last quarter hour asked about. Every UTC offset in use is a whole number of
// quarter hours, and so are the instants offsets change at: the town's date cannot change within
// a quarter hour (of UTC time), and formatting the instant in the town's zone, the costliest step
// of reading a date, is done once per quarter hour rather than at every message (the classifier's
// date entity, then the dialog's, ask for the same day).
const QUARTER_HOUR_MS = 900_000
let lastDay = { quarter: NaN, timeZone: '', day: NaN }

/** The calendar day of `now` in `timeZone`, as a UTC-midnight Date (for day arithmetic). */
export const localDay = (now: Date, timeZone: string): Date => {
  const quarter = Math.floor(now.getTime() / QUARTER_HOUR_MS)
  if (quarter === lastDay.quarter && timeZone === lastDay.timeZone) return new Date(lastDay.day)
  let format = dayFormats.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timeZone, format)
  }
  const day = new Date(`${format.format(now)}T00:00:00Z`)
  lastDay = { quarter, timeZone, day: day.getTime() }
  return day
}

const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:er|st|nd|rd|th)? (?:of )?(${MONTH_NAMES})\\b(?: (\\d{4}))?`)
const MONTH_DAY = new RegExp(`\\b(${MONTH_NAMES}) (\\d{1,2})(?:st|nd|rd|th)?\\b(?: (\\d{4}))?`)
const NUMERIC_DATE = /(?<![\d-])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![\d-])/
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
  const numeric = NUMERIC_DATE.exec(text)
  if (numeric !== null) return fromParts(fullYear(numeric[3], localDay(now, timeZone)), Number(numeric[2]), Number(numeric[1]))
  const words = normalized ?? normalizeText(text)
  // localDay(now, timeZone) where needed rather than a today() closure: tsx names each function it
  // makes with a property definition, which cost more than the cached lookup.
  if (/\b(apres demain|day after tomorrow)\b/.test(words)) return iso(addDays(localDay(now, timeZone), 2))
  if (/\b(demain|tomorrow)\b/.test(words)) return iso(addDays(localDay(now, timeZone), 1))
  if (/\b(aujourd hui|today|ce midi|ce soir|tonight|this lunchtime)\b/.test(words)) return iso(localDay(now, timeZone))
  if (/\b(hier|yesterday)\b/.test(words)) return iso(addDays(localDay(now, timeZone), -1))
  if (PHRASE_HINT.test(words)) {
    const phrase = phraseRange(words, localDay(now, timeZone), {})
    if (phrase !== null && phrase !== undefined && phrase.partOfDay !== 'now') return phrase.from
  }
  const dayMonth = DAY_MONTH.exec(words)
  if (dayMonth !== null) return fromParts(fullYear(dayMonth[3], localDay(now, timeZone)), MONTHS[dayMonth[2]], Number(dayMonth[1]))
  const monthDay = MONTH_DAY.exec(words)
  if (monthDay !== null) return fromParts(fullYear(monthDay[3], localDay(now, timeZone)), MONTHS[monthDay[1]], Number(monthDay[2]))
  const weekday = WEEKDAY.exec(words)
  if (weekday !== null) {
    const ahead = (WEEKDAYS[weekday[2]] - localDay(now, timeZone).getUTCDay() + 7) % 7
    // "depuis lundi" / "since Monday" is the previous one
    return iso(addDays(localDay(now, timeZone), weekday[1] === undefined ? ahead : ahead - 7))
  }
  return null
}

export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'now'
export type SchoolHolidayPeriod = { name: string, zone: string, from: string, to: string }
/** Days from `from` to `to` (ISO, inclusive) in the town's calendar. */
export type DateRange = {
  from: string
  to: string
  partOfDay?: PartOfDay
  /** A weekday asked in general (« le samedi », "on Saturdays"), 0 = Sunday: from/to is its next occurrence. */
  everyWeekday?: number
  /** Set when the words named a stretch of days. */
  period?: { kind: 'weekend' | 'week' | 'school_holidays', name?: string }
}
export type DateRangeOptions = {
  timeZone?: string
  normalized?: string
  /** The town's school holidays, for « pendant les vacances de la Toussaint »; filtered by `schoolZone`. */
  schoolHolidays?: SchoolHolidayPeriod[]
  schoolZone?: string
}

const PARTS: [RegExp, PartOfDay][] = [
  [/\b(maintenant|en ce moment|actuellement|tout de suite|right now|now|currently|at the moment)\b/, 'now'],
  [/\b(apres midi|aprem|afternoons?)\b/, 'afternoon'],
  [/\b(matin|matinee|mornings?)\b/, 'morning'],
  [/\b(soir|soiree|evenings?|tonight)\b/, 'evening']
]
const partOfDay = (words: string): PartOfDay | undefined => PARTS.find(([pattern]) => pattern.test(words))?.[1]
const TODAY_PART = /\b(ce matin|cet apres midi|cette apres midi|ce soir|maintenant|en ce moment|actuellement|tout de suite|this morning|this afternoon|this evening|tonight|right now|now|currently|at the moment)\b/

// Said by the citizen → the name of the school holidays in the town's data.
const SCHOOL_BREAKS: [RegExp, RegExp][] = [
  [/\b(toussaint|all saints|autumn|fall|half term)\b/, /toussaint|automne|autumn/],
  [/\b(noel|christmas|xmas|fin d annee)\b/, /noel|christmas|fin d annee/],
  [/\b(hiver|fevrier|ski|winter|february)\b/, /hiver|winter|fevrier/],
  [/\b(printemps|paques|spring|easter|avril|april)\b/, /printemps|paques|spring|easter/],
  [/\b(ete|grandes vacances|summer|juillet|aout|july|august)\b/, /ete|summer|grandes/]
]
const SCHOOL_HOLIDAYS = /\b(vacances|conges scolaires|school holidays?|(all saints|autumn|christmas|xmas|winter|february|spring|easter|summer) (holidays?|break|half term)|half term|spring break)\b/

const easter = (year: number): Date => { // anonymous Gregorian algorithm
  const a = year % 19; const b = Math.floor(year / 100); const c = year % 100
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((8 * b + 13) / 25)) / 3) + 15) % 30
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  return new Date(Date.UTC(year, month - 1, ((h + l - 7 * m + 114) % 31) + 1))
}
const fixed = (month: number, day: number) => (year: number): Date => new Date(Date.UTC(year, month - 1, day))
const fromEaster = (days: number) => (year: number): Date => addDays(easter(year), days)
// Days citizens name rather than date, the more specific first (« lendemain de Noël » before « Noël »).
const NAMED_DAYS: [RegExp, (year: number) => Date][] = [
  [/\b(veille de noel|reveillon de noel|christmas eve)\b/, fixed(12, 24)],
  [/\b(lendemain de noel|boxing day|saint etienne)\b/, fixed(12, 26)],
  [/\b(noel|christmas|xmas)\b/, fixed(12, 25)],
  [/\b(saint sylvestre|reveillon du nouvel an|new year s eve|new years eve)\b/, fixed(12, 31)],
  [/\b(jour de l an|nouvel an|premier de l an|new year s day|new years day|new year)\b/, fixed(1, 1)],
  [/\b(toussaint|all saints)\b/, fixed(11, 1)],
  [/\b(fete nationale|bastille day)\b/, fixed(7, 14)],
  [/\b(fete du travail|labou?r day|may day)\b/, fixed(5, 1)],
  [/\b(armistice|remembrance day)\b/, fixed(11, 11)],
  [/\b(assomption|assumption)\b/, fixed(8, 15)],
  [/\b(victoire 1945|victory day|ve day)\b/, fixed(5, 8)],
  [/\b(vendredi saint|good friday)\b/, fromEaster(-2)],
  [/\b(lundi de paques|easter monday|paques|easter)\b/, fromEaster(1)],
  [/\b(ascension)\b/, fromEaster(39)],
  [/\b(lundi de pentecote|whit monday|pentecote|whitsun|pentecost)\b/, fromEaster(50)]
]
const NEXT_WEEKDAY = new RegExp(`\\b(?:(${WEEKDAY_NAMES}) prochain|next (${WEEKDAY_NAMES}))\\b`)
const THIS_WEEKDAY = new RegExp(`\\b(?:ce|cette|this) (${WEEKDAY_NAMES})\\b`)
const EVERY_WEEKDAY = new RegExp(`(?<!depuis |since )\\b(?:(?:le|les|tous les) (${WEEKDAY_NAMES})s?(?! \\d)|(?:on |every )?(${WEEKDAY_NAMES.split('|').filter(d => d.endsWith('day')).map(d => `${d}s`).join('|')})|every (${WEEKDAY_NAMES})|(${WEEKDAY_NAMES}) (?:mornings|afternoons|evenings))\\b`)
// Cheap test before the phrases: most messages name none (a word each phrase needs).
const PHRASE_HINT = new RegExp(`\\b(week end|semaine|week|prochaine?|next|tonight|now|maintenant|moment|actuellement|currently|matin|soir|apres midi|aprem|morning|afternoons?|evening|vacances|holidays?|break|half term|${WEEKDAY_NAMES}|${WEEKDAY_NAMES.split('|').filter(d => d.endsWith('day')).map(d => `${d}s`).join('|')}|${NAMED_DAYS.map(([p]) => p.source.replace(/\\b|[()]/g, '')).join('|')})\\b`)

const range = (from: Date, to: Date, extra: Partial<DateRange> = {}): DateRange => ({ from: iso(from), to: iso(to), ...extra })
const nextOccurrence = (make: (year: number) => Date, today: Date): Date => {
  const thisYear = make(today.getUTCFullYear())
  return thisYear >= today ? thisYear : make(today.getUTCFullYear() + 1)
}
const weekdayAhead = (weekday: number, today: Date, strictly = false): Date => {
  const ahead = (weekday - today.getUTCDay() + 7) % 7
  return addDays(today, strictly && ahead === 0 ? 7 : ahead)
}

const zoneMatches = (zone: string, wanted: string): boolean => {
  const z = normalizeText(zone).replace(/^zones? /, '')
  return z === '' || z === 'all' || z === 'toutes' || z === 'national' || z === normalizeText(wanted).replace(/^zones? /, '')
}

/** undefined: not about school holidays; null: about them, but the town has none to come. */
const schoolRange = (words: string, today: Date, options: DateRangeOptions): DateRange | null | undefined => {
  if (!SCHOOL_HOLIDAYS.test(words)) return undefined
  const kind = SCHOOL_BREAKS.find(([said]) => said.test(words))?.[1]
  const day = iso(today)
  const period = (options.schoolHolidays ?? [])
    .filter(p => p.to >= day && zoneMatches(p.zone, options.schoolZone ?? '') && (kind === undefined || kind.test(normalizeText(p.name))))
    .sort((a, b) => a.from.localeCompare(b.from))[0]
  return period === undefined ? null : { from: period.from < day ? day : period.from, to: period.to, period: { kind: 'school_holidays', name: period.name } }
}

const weekend = (words: string, today: Date): DateRange => {
  const weekday = today.getUTCDay()
  const following = /\b(week end prochain|next week end|week end d apres|following week end)\b/.test(words) && (weekday === 6 || weekday === 0)
  let saturday = weekday === 0 ? addDays(today, -1) : weekdayAhead(6, today)
  if (following) saturday = addDays(saturday, 7)
  return range(saturday < today ? today : saturday, addDays(saturday, 1), { period: { kind: 'weekend' } })
}

/** The phrases beyond a single named date; undefined when none is named. */
const phraseRange = (words: string, today: Date, options: DateRangeOptions): DateRange | null | undefined => {
  const school = schoolRange(words, today, options)
  if (school !== undefined) return school
  if (/\bweek end\b/.test(words)) return weekend(words, today)
  const weekday = today.getUTCDay()
  if (/\b(semaine prochaine|next week)\b/.test(words)) {
    const monday = addDays(today, ((8 - weekday) % 7) || 7)
    return range(monday, addDays(monday, 6), { period: { kind: 'week' } })
  }
  if (/\b(cette semaine|this week)\b/.test(words)) return range(today, addDays(today, (7 - weekday) % 7), { period: { kind: 'week' } })
  const named = NAMED_DAYS.find(([pattern]) => pattern.test(words))
  if (named !== undefined) { const day = nextOccurrence(named[1], today); return range(day, day) }
  const next = NEXT_WEEKDAY.exec(words)
  if (next !== null) { const day = weekdayAhead(WEEKDAYS[next[1] ?? next[2]], today, true); return range(day, day) }
  const every = EVERY_WEEKDAY.exec(words)
  if (every !== null) {
    const name = every[1] ?? every[2]?.replace(/s$/, '') ?? every[3] ?? every[4]
    const day = weekdayAhead(WEEKDAYS[name], today)
    return range(day, day, { everyWeekday: WEEKDAYS[name] })
  }
  const thisDay = THIS_WEEKDAY.exec(words)
  if (thisDay !== null) { const day = weekdayAhead(WEEKDAYS[thisDay[1]], today); return range(day, day) }
  if (TODAY_PART.test(words)) return range(today, today, { partOfDay: partOfDay(words) })
  return undefined
}

/**
 * The days and part of day the text asks about, or null. A date without a year is its next
 * occurrence (« le 25 décembre » asked on the 26th is next year's); « depuis lundi » the last one.
 */
export const extractDateRange = (text: string, now: Date, options: DateRangeOptions = {}): DateRange | null => {
  const timeZone = options.timeZone ?? 'Europe/Paris'
  const words = options.normalized ?? normalizeText(text)
  const today = localDay(now, timeZone)
  const part = partOfDay(words)
  const phrase = PHRASE_HINT.test(words) ? phraseRange(words, today, options) : undefined
  if (phrase !== undefined && (phrase === null || phrase.period?.kind === 'school_holidays')) return withPart(phrase, part)
  if (/\b(20\d{2})-(\d{2})-(\d{2})\b/.test(text)) return withPart(single(extractDate(text, now, timeZone, words)), part)
  const numeric = NUMERIC_DATE.exec(text)
  if (numeric !== null) return withPart(dayOfYear(numeric[1], Number(numeric[2]), numeric[3], today), part)
  const dayMonth = DAY_MONTH.exec(words)
  if (dayMonth !== null) return withPart(dayOfYear(dayMonth[1], MONTHS[dayMonth[2]], dayMonth[3], today), part)
  const monthDay = MONTH_DAY.exec(words)
  if (monthDay !== null) return withPart(dayOfYear(monthDay[2], MONTHS[monthDay[1]], monthDay[3], today), part)
  if (phrase !== undefined) return withPart(phrase, part)
  return withPart(single(extractDate(text, now, timeZone, words)), part)
}

// extractDateRange's helpers, at module level: tsx names each function it makes with a property
// definition, and closures made at every call were a measurable part of reading a date.
const withPart = (found: DateRange | null, part: PartOfDay | undefined): DateRange | null => found === null || part === undefined ? found : { ...found, partOfDay: part }
const single = (day: string | null): DateRange | null => day === null ? null : { from: day, to: day }
/** A day and month without a year: this year's, or next year's once it has passed. */
const dayOfYear = (dayOfMonth: string, month: number, year: string | undefined, today: Date): DateRange | null => {
  if (year !== undefined) return single(fromParts(fullYear(year, today), month, Number(dayOfMonth)))
  const thisYear = fromParts(today.getUTCFullYear(), month, Number(dayOfMonth))
  return single(thisYear !== null && thisYear >= iso(today) ? thisYear : fromParts(today.getUTCFullYear() + 1, month, Number(dayOfMonth)))
}
