// What a citizen is told about a place's hours (issue 15): yes or no first when they asked it,
// then the hours, the holiday or the exception's public note, and the next opening.
import type { TownPlace } from '../../src/answerer.ts'
import type { Lang } from '../../src/domain.ts'
import type { DateRange, PartOfDay } from '../entities/date.ts'
import { publicHolidays, type HolidayCalendar } from '../time/holidays.ts'
import type { DayHours, Schedule, Slot } from '../time/opening-hours.ts'
import { fromWall, toWall, wallDayStart, wallIsoDay, wallTime } from '../time/wall-clock.ts'
import { addIsoDays, dayText, momentText, rangeText, relativeDay, shortDayText } from './dates-text.ts'
import { formatSlots, formatSlotsShort, formatTime } from './french-typography.ts'
import { colon, say } from './types.ts'

// Generic nouns for the kinds of place every town has, so that answers read « la mairie est ouverte ».
const KIND_NOUNS: Record<string, { fr: string, feminine: boolean, en: string }> = {
  town_hall: { fr: 'la mairie', feminine: true, en: 'the town hall' },
  pool: { fr: 'la piscine', feminine: true, en: 'the pool' },
  library: { fr: 'la médiathèque', feminine: true, en: 'the library' },
  recycling_centre: { fr: 'la déchèterie', feminine: true, en: 'the recycling centre' },
  cemetery: { fr: 'le cimetière', feminine: false, en: 'the cemetery' },
  sports_hall: { fr: 'le gymnase', feminine: false, en: 'the sports hall' },
  municipal_police: { fr: 'la police municipale', feminine: true, en: 'the municipal police' }
}

type Subject = { name: string, open: string, closed: string, pronoun: string }
const subjectOf = (place: TownPlace, lang: Lang): Subject => {
  const noun = KIND_NOUNS[place.kind]
  if (lang === 'en') return { name: noun?.en ?? (place.nameEn || place.name), open: 'open', closed: 'closed', pronoun: 'it' }
  const e = noun?.feminine === true ? 'e' : ''
  return { name: noun?.fr ?? place.name, open: `ouvert${e}`, closed: `fermé${e}`, pronoun: e === 'e' ? 'elle' : 'il' }
}

export type HoursQuestion = {
  place: TownPlace
  schedule: Schedule
  asked: DateRange | null
  /** The citizen asked yes or no (« ouvert ? », « fermé ? »). */
  asksOpen: boolean
  asksClosed: boolean
  /** « ouvert les jours fériés ? » */
  asksPublicHolidays?: boolean
  now: Date
  timeZone: string
  holidays: HolidayCalendar
  lang: Lang
}

const PART_WINDOWS: Record<Exclude<PartOfDay, 'now'>, [string, string]> = { morning: ['00:00', '12:00'], afternoon: ['12:00', '18:00'], evening: ['18:00', '24:00'] }
const PART_NAMES: Record<Exclude<PartOfDay, 'now'>, { fr: string, en: string }> = {
  morning: { fr: 'matin', en: 'morning' }, afternoon: { fr: 'après-midi', en: 'afternoon' }, evening: { fr: 'soir', en: 'evening' }
}
// « ce matin », « demain après-midi », « le samedi 21 mars après-midi » / "this morning", "on Saturday 21 March in the afternoon".
const dayAndPart = (isoDay: string, today: string, part: PartOfDay | undefined, lang: Lang, withWeekday: boolean): string => {
  if (part === undefined || part === 'now') return relativeDay(isoDay, today, lang, withWeekday)
  const name = PART_NAMES[part][lang]
  if (isoDay === today) return lang === 'en' ? `this ${name}` : `${part === 'afternoon' ? 'cet' : 'ce'} ${name}`
  if (isoDay === addIsoDays(today, 1) || lang === 'fr') return `${relativeDay(isoDay, today, lang, withWeekday)} ${name}`
  return `${relativeDay(isoDay, today, lang, withWeekday)} in the ${name}`
}
const inPart = (slots: Slot[], part: PartOfDay | undefined): Slot[] => {
  if (part === undefined || part === 'now') return slots
  const [from, to] = PART_WINDOWS[part]
  return slots.filter(slot => slot.from < to && slot.to > from)
}
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
const yesNo = (q: HoursQuestion, open: boolean): string =>
  q.asksOpen || q.asksClosed ? `${say(q.lang, (open !== q.asksClosed) ? 'Oui' : 'Non', (open !== q.asksClosed) ? 'Yes' : 'No')}, ` : ''
const sentence = (q: HoursQuestion, open: boolean, body: string): string => {
  const prefix = yesNo(q, open)
  return prefix === '' ? capitalize(body) : `${prefix}${body}`
}
const todayOf = (q: HoursQuestion): string => wallIsoDay(toWall(q.now, q.timeZone))
const dayStart = (isoDay: string, timeZone: string): Date => fromWall(wallDayStart(isoDay), timeZone)
const notesOf = (q: HoursQuestion, exceptions: TownPlace['exceptions']): string =>
  exceptions.map(e => e.note?.[q.lang]).filter((note): note is string => note !== undefined && note !== '').map(note => ` (${note})`).join('')
const nextOpeningText = (q: HoursQuestion, from: Date): string => {
  const next = q.schedule.nextOpening(from)
  return next === null ? '' : say(q.lang, ` Prochaine ouverture : ${momentText(next, q.now, q.timeZone, q.lang)}.`, ` Next opening: ${momentText(next, q.now, q.timeZone, q.lang)}.`)
}

/** « ouvert maintenant ? » */
const answerNow = (q: HoursQuestion): string => {
  const s = subjectOf(q.place, q.lang)
  const closing = q.schedule.nextClosing(q.now)
  if (closing !== null) {
    const until = wallTime(toWall(closing, q.timeZone), true)
    const later = q.schedule.day(todayOf(q)).slots.filter(slot => slot.from > until)
    const then = later.length === 0 ? '' : say(q.lang, `, puis ${formatSlots(later, q.lang)}`, `, then ${formatSlots(later, q.lang)}`)
    return sentence(q, true, say(q.lang, `${s.name} est ${s.open} jusqu'à ${formatTime(until, q.lang)}${then}.`, `${s.name} is open until ${formatTime(until, q.lang)}${then}.`))
  }
  const today = q.schedule.day(todayOf(q))
  const why = today.holiday !== null ? say(q.lang, ` aujourd'hui (${today.holiday.name.fr}, jour férié)`, ` today (${today.holiday.name.en}, public holiday)`) : say(q.lang, ' en ce moment', ' right now')
  return sentence(q, false, say(q.lang, `${s.name} est ${s.closed}${why}`, `${s.name} is closed${why}`) + `${notesOf(q, today.exceptions.filter(e => !e.open && e.from <= q.now && q.now < e.to))}.` + nextOpeningText(q, q.now))
}

/** « ouvert le 25 décembre ? », « samedi après-midi ? » */
const answerDay = (q: HoursQuestion, isoDay: string, part: PartOfDay | undefined): string => {
  const s = subjectOf(q.place, q.lang)
  const day = q.schedule.day(isoDay)
  const slots = inPart(day.slots, part)
  const holiday = day.holiday === null ? '' : say(q.lang, ` (${day.holiday.name.fr}, jour férié)`, ` (${day.holiday.name.en}, public holiday)`)
  const when = dayAndPart(isoDay, todayOf(q), part, q.lang, day.holiday === null) + holiday
  const thatDay = isoDay === todayOf(q) ? say(q.lang, 'aujourd\'hui', 'today') : say(q.lang, 'ce jour-là', 'that day')
  const notes = notesOf(q, day.exceptions)
  if (slots.length > 0) return sentence(q, true, say(q.lang, `${when} ${s.name} est ${s.open} ${formatSlots(slots, q.lang)}${notes}.`, `${when}, ${s.name} is open ${formatSlots(slots, q.lang)}${notes}.`))
  if (day.slots.length > 0) {
    // Closed that part of the day only: say when it is open that day.
    return sentence(q, false, say(q.lang, `${when} ${s.name} est ${s.closed} ; ${thatDay} ${s.pronoun} est ${s.open} ${formatSlots(day.slots, q.lang)}${notes}.`,
      `${when}, ${s.name} is closed; ${thatDay} it is open ${formatSlots(day.slots, q.lang)}${notes}.`))
  }
  return sentence(q, false, say(q.lang, `${when} ${s.name} est ${s.closed}${notes}.`, `${when}, ${s.name} is closed${notes}.`) + nextOpeningText(q, dayStart(addIsoDays(isoDay, 1), q.timeZone)))
}

const WEEKDAYS_FR = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi']
const WEEKDAYS_EN = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays']

/** « vous êtes ouverts le samedi après-midi ? »: the usual hours of that weekday. */
const answerEveryWeekday = (q: HoursQuestion, weekday: number, part: PartOfDay | undefined): string => {
  const s = subjectOf(q.place, q.lang)
  const usual = q.schedule.usualWeek(todayOf(q))[weekday]
  const open = inPart(usual, part).length > 0
  const on = say(q.lang, `le ${WEEKDAYS_FR[weekday]}`, `on ${WEEKDAYS_EN[weekday]}`)
  const main = usual.length === 0
    ? sentence(q, false, say(q.lang, `${on} ${s.name} est ${s.closed}.`, `${on} ${s.name} is closed.`))
    : sentence(q, open, say(q.lang, `${on} ${s.name} est ${s.open} ${formatSlots(usual, q.lang)}.`, `${on} ${s.name} is open ${formatSlots(usual, q.lang)}.`))
  // An exception on that weekday in the next two weeks (an election Saturday) is worth saying.
  const today = todayOf(q)
  for (let i = 0; i < 14; i++) {
    const date = addIsoDays(today, i)
    if (new Date(`${date}T12:00:00Z`).getUTCDay() !== weekday) continue
    const day = q.schedule.day(date)
    if (day.exceptions.length === 0 && day.holiday === null) continue
    const hours = day.slots.length === 0 ? say(q.lang, s.closed, 'closed') : formatSlots(day.slots, q.lang)
    const why = day.holiday !== null ? ` (${day.holiday.name[q.lang]})` : notesOf(q, day.exceptions)
    return `${main} ${say(q.lang, `Exceptionnellement, ${dayText(date, q.lang)} : ${hours}${why}.`, `Exceptionally, ${dayText(date, q.lang)}: ${hours}${why}.`)}`
  }
  return main
}

const SHORT_FR = ['dim', 'lun', 'mar', 'mer', 'jeu', 'ven', 'sam']
const SHORT_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** « lun-ven 8 h 30-12 h, 13 h 30-17 h ; sam 9 h-12 h », Monday first, equal consecutive days merged. */
export const formatUsualWeek = (usual: Slot[][], lang: Lang): string => {
  const names = lang === 'en' ? SHORT_EN : SHORT_FR
  const groups: { first: number, last: number, text: string }[] = []
  for (const day of [1, 2, 3, 4, 5, 6, 0]) {
    if (usual[day].length === 0) continue
    const text = formatSlotsShort(usual[day], lang)
    const previous = groups[groups.length - 1]
    if (previous !== undefined && previous.text === text && (previous.last + 1) % 7 === day) previous.last = day
    else groups.push({ first: day, last: day, text })
  }
  return groups.map(g => `${names[g.first]}${g.first === g.last ? '' : `-${names[g.last]}`} ${g.text}`).join(lang === 'en' ? '; ' : ' ; ')
}

// A holiday on a day the place is closed anyway (a Sunday) is not worth a word.
const isUnusual = (day: DayHours, usual: Slot[][]): boolean =>
  day.exceptions.length > 0 || (day.holiday !== null && usual[new Date(`${day.date}T12:00:00Z`).getUTCDay()].length > 0)

/** Days of the coming `days` that differ from the usual week: holidays and exceptions. */
const unusualDays = (q: HoursQuestion, from: string, days: number, max = 3): string[] => {
  const out: string[] = []
  const usual = q.schedule.usualWeek(from)
  for (let i = 0; i < days && out.length < max; i++) {
    const day = q.schedule.day(addIsoDays(from, i))
    if (!isUnusual(day, usual)) continue
    const hours = day.slots.length === 0 ? say(q.lang, 'fermé', 'closed') : formatSlotsShort(day.slots, q.lang)
    const why = day.holiday !== null ? ` (${day.holiday.name[q.lang]})` : notesOf(q, day.exceptions)
    out.push(`${shortDayText(day.date, q.lang)} ${hours}${why}`)
  }
  return out
}

/** « ce week-end », « la semaine prochaine », « pendant les vacances de la Toussaint ». */
const answerRange = (q: HoursQuestion, range: DateRange): string => {
  const s = subjectOf(q.place, q.lang)
  const length = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1
  const days = Array.from({ length: Math.min(length, 7) }, (_, i) => q.schedule.day(addIsoDays(range.from, i)))
  const open = Array.from({ length: Math.min(length, 92) }, (_, i) => addIsoDays(range.from, i)).some(d => inPart(q.schedule.day(d).slots, range.partOfDay).length > 0)
  const when = rangeText(range, todayOf(q), q.lang)
  if (!open) return sentence(q, false, say(q.lang, `${when}, ${s.name} est ${s.closed}.`, `${when}, ${s.name} is closed.`) + nextOpeningText(q, dayStart(addIsoDays(range.to, 1), q.timeZone)))
  const hours = length <= 7
    ? days.filter(d => d.slots.length > 0).map(d => `${shortDayText(d.date, q.lang)} ${formatSlotsShort(d.slots, q.lang)}`).join(q.lang === 'en' ? '; ' : ' ; ')
    : formatUsualWeek(q.schedule.usualWeek(range.from), q.lang)
  const usual = q.schedule.usualWeek(range.from)
  const unusual = length <= 7 ? days.filter(d => d.slots.length === 0 && isUnusual(d, usual)).map(d => `${shortDayText(d.date, q.lang)}${d.holiday !== null ? ` (${d.holiday.name[q.lang]})` : notesOf(q, d.exceptions)}`) : unusualDays(q, range.from, length)
  const closedToo = unusual.length === 0 ? '' : say(q.lang, ` Fermé : ${unusual.join(', ')}.`, ` Closed: ${unusual.join(', ')}.`)
  return sentence(q, true, say(q.lang, `${when}, ${s.name} est ${s.open} : ${hours}.`, `${when}, ${s.name} is open: ${hours}.`) + (length <= 7 ? closedToo : unusualAfter(q, unusual)))
}
const unusualAfter = (q: HoursQuestion, unusual: string[]): string => unusual.length === 0 ? '' : say(q.lang, ` Sauf : ${unusual.join(', ')}.`, ` Except: ${unusual.join(', ')}.`)

/** No day asked: the usual week, then what differs in the coming week. */
const answerWeek = (q: HoursQuestion): string => {
  const week = formatUsualWeek(q.schedule.usualWeek(todayOf(q)), q.lang) || say(q.lang, 'horaires non renseignés', 'no hours listed')
  const status = q.asksOpen || q.asksClosed ? `${answerNow(q)} ` : ''
  const coming = unusualDays(q, todayOf(q), 8)
  const name = q.lang === 'en' ? q.place.nameEn || q.place.name : q.place.name
  return `${status}${name}, ${q.place.address}${colon(q.lang)}${week}.${coming.length === 0 ? '' : say(q.lang, ` À noter : ${coming.join(', ')}.`, ` Note: ${coming.join(', ')}.`)}`
}

// The week's answer (no day, no yes/no asked) is the same for every citizen all day: kept per
// schedule (one per place object and options, src/town/town-data.ts keeps the objects while they do
// not change), place, language and day. The most asked hours question, answered at every turn.
const weeks = new WeakMap<Schedule, { place: TownPlace, texts: Map<string, string> }>()
const WEEKS_PER_SCHEDULE = 100

const usualWeekAnswer = (q: HoursQuestion): string => {
  let known = weeks.get(q.schedule)
  if (known === undefined || known.place !== q.place) weeks.set(q.schedule, known = { place: q.place, texts: new Map() })
  const key = `${q.lang} ${q.timeZone} ${todayOf(q)}`
  let text = known.texts.get(key)
  if (text === undefined) {
    text = answerWeek(q)
    if (known.texts.size >= WEEKS_PER_SCHEDULE) known.texts.clear()
    known.texts.set(key, text)
  }
  return text
}

/** « ouvert les jours fériés ? »: what the coming holiday looks like. */
const answerPublicHolidays = (q: HoursQuestion): string => {
  const s = subjectOf(q.place, q.lang)
  const today = todayOf(q)
  const year = Number(today.slice(0, 4))
  const next = [...publicHolidays(year, q.holidays).values(), ...publicHolidays(year + 1, q.holidays).values()].find(h => h.date >= today)
  if (next === undefined) return answerWeek(q)
  const day = q.schedule.day(next.date)
  const which = say(q.lang, `${next.name.fr}, le ${dayText(next.date, q.lang, false)}`, `${next.name.en}, ${dayText(next.date, q.lang, false)}`)
  if (day.slots.length === 0) return sentence(q, false, say(q.lang, `${s.name} est ${s.closed} les jours fériés (prochain : ${which}).`, `${s.name} is closed on public holidays (next: ${which}).`))
  return sentence(q, true, say(q.lang, `le prochain jour férié (${which}), ${s.name} est ${s.open} ${formatSlots(day.slots, q.lang)}.`, `on the next public holiday (${which}), ${s.name} is open ${formatSlots(day.slots, q.lang)}.`))
}

/** The answer about the hours, before typography and the place's phone and notes. */
export const hoursAnswer = (q: HoursQuestion): string => {
  const { asked } = q
  if (asked === null && q.asksPublicHolidays === true) return answerPublicHolidays(q)
  if (asked === null) return q.asksOpen || q.asksClosed ? answerWeek(q) : usualWeekAnswer(q)
  if (asked.partOfDay === 'now') return answerNow(q)
  if (asked.everyWeekday !== undefined) return answerEveryWeekday(q, asked.everyWeekday, asked.partOfDay)
  if (asked.from === asked.to) return answerDay(q, asked.from, asked.partOfDay)
  return answerRange(q, asked)
}
