// Informational intents, answered only from the TownData port: opening hours of a place (with
// holidays and exceptions, intents/time/), the canteen menu of a day, the events of the days asked.
import type { Lang } from '../../src/domain.ts'
import { extractDateRange, localDay, type DateRange } from '../entities/date.ts'
import { normalizeText } from '../normalize.ts'
import { calendarOf } from '../time/holidays.ts'
import { createSchedule } from '../time/opening-hours.ts'
import { fromWall, toWall, wallDayStart, wallTime } from '../time/wall-clock.ts'
import { addIsoDays, dayText, eventTimeText, rangeText, shortDayText } from './dates-text.ts'
import { clip } from './format.ts'
import { hoursAnswer } from './hours-answer.ts'
import { colon, reply, say, type DialogContext, type DialogResult } from './types.ts'
import { formatPhone, formatTime, typeset } from './french-typography.ts'

type Place = Awaited<ReturnType<DialogContext['data']['places']>>[number]

// Words citizens use for a kind of place; a place matches a group when its name, aliases or kind share a word of it.
const PLACE_GROUPS: string[][] = [
  ['mairie', 'hotel de ville', 'town hall', 'city hall', 'accueil', 'reception', 'town_hall', 'etat civil', 'urbanisme'],
  ['piscine', 'pool', 'swimming', 'aquatique'],
  ['bibliotheque', 'mediatheque', 'library'],
  ['dechetterie', 'decheterie', 'dechetteries', 'recycling', 'dump', 'tip', 'recyclage'],
  ['cimetiere', 'cemetery', 'graveyard'],
  ['gymnase', 'salle de sport', 'sports hall', 'sport', 'gym', 'stade'],
  ['police', 'police municipale', 'municipal police']
]

// The group words, normalised (and padded for contains()) once rather than for every place they are compared with.
const NORMALIZED_GROUPS: string[][] = PLACE_GROUPS.map(group => group.map(word => ` ${normalizeText(word)} `))

// Whole words only: both texts are padded with spaces (" hotel de ville ").
const padded = (text: string): string => ` ${text} `
const contains = (paddedHaystack: string, paddedNeedle: string): boolean => paddedHaystack.includes(paddedNeedle)

const placeText = (place: Place): string => normalizeText([place.name, place.kind.replace(/_/g, ' '), place.kind, ...place.aliases].join(' '))

/** Each place's normalised names and aliases, and all its words, padded with spaces for contains(). */
type PlaceTexts = { names: string[][], all: string[] }

// places() returns the same array for as long as the town data keeps it (2 s in src/town/town-data.ts), and
// normalising every place's names and aliases was most of the cost of an opening-hours answer: once per array.
const placeTextsCache = new WeakMap<Place[], PlaceTexts>()

const placeTexts = (places: Place[]): PlaceTexts => {
  let texts = placeTextsCache.get(places)
  if (texts === undefined) {
    texts = {
      // An empty name matches nothing: it is kept empty, not padded.
      names: places.map(place => [place.name, ...place.aliases].map(name => normalizeText(name)).map(name => name === '' ? '' : padded(name))),
      all: places.map(place => padded(placeText(place)))
    }
    placeTextsCache.set(places, texts)
  }
  return texts
}

/** The place the message names, by name/alias first, then by kind of place; null when none is named. `normalized` is normalizeText(text), when the caller has it. */
export const findPlace = (places: Place[], text: string, normalized = normalizeText(text)): Place | null => {
  const texts = placeTexts(places)
  const message = padded(normalized)
  const byName = places.find((_, i) => texts.names[i].some(name => name !== '' && contains(message, name)))
  if (byName !== undefined) return byName
  for (const group of NORMALIZED_GROUPS) {
    if (!group.some(word => contains(message, word))) continue
    const match = places.find((_, i) => group.some(word => contains(texts.all[i], word)))
    if (match !== undefined) return match
  }
  return null
}

const townHall = (places: Place[]): Place | undefined => {
  const texts = placeTexts(places)
  return places.find((_, i) => NORMALIZED_GROUPS[0].some(word => contains(texts.all[i], word))) ?? places[0]
}

// Yes/no questions about opening: « c'est ouvert ? », « vous êtes fermés ? », "are you open?".
const ASKS_OPEN = /\b(ouvert|ouverte|ouverts|ouvertes|ouvre|ouvrez|open|opens)\b/
const ASKS_CLOSED = /\b(ferme|fermee|fermes|fermees|fermez|closed|close)\b/
// « quand », « quels horaires », "when", "what time": not a yes/no question even with « ouvert ».
const ASKS_WHEN = /\b(quand|quel|quels|quelle|quelles|horaires?|heures?|when|what time|hours|times)\b/
const PUBLIC_HOLIDAYS = /\b(jours? feries?|public holidays?|bank holidays?)\b/
const SCHOOL_HOLIDAY_WORDS = /\b(vacances|holidays?|break|half term)\b/

/** The days the message asks about; the town's school holidays are read only when it names some. */
const askedRange = async (ctx: DialogContext): Promise<DateRange | null> => {
  const { turn, data } = ctx
  const schoolHolidays = SCHOOL_HOLIDAY_WORDS.test(ctx.normalized) ? await data.schoolHolidays() : []
  return extractDateRange(turn.text, turn.now, { timeZone: data.settings.timeZone, normalized: ctx.normalized, schoolHolidays, schoolZone: data.settings.schoolZone })
}

export const answerOpeningHours = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const places = await data.places()
  const named = findPlace(places, turn.text, ctx.normalized)
  const place = named ?? townHall(places)
  if (place === undefined) return reply(say(lang, 'Je n\'ai pas les horaires pour l\'instant. Écrivez « agent » pour parler à une personne.', 'I do not have the opening hours yet. Write "agent" to talk to a person.'))
  const { timeZone } = data.settings
  const holidays = calendarOf(data.settings.holidays)
  const schedule = createSchedule(place, { timeZone, holidays })
  const phone = place.phone === null ? '' : say(lang, ` Tél. ${formatPhone(place.phone)}.`, ` Tel. ${formatPhone(place.phone)}.`)
  const others = named === null && places.length > 1 ? say(lang, ' Précisez un autre lieu si besoin (piscine, médiathèque…).', ' Ask for another place if needed (pool, library…).') : ''
  if (schedule === null) {
    const name = lang === 'en' ? place.nameEn || place.name : place.name
    return reply(typeset(`${name}, ${place.address}${colon(lang)}${say(lang, 'horaires non renseignés', 'no hours listed')}.${phone}`, lang))
  }
  const asked = await askedRange(ctx)
  const yesNo = !ASKS_WHEN.test(ctx.normalized)
  const hours = hoursAnswer({
    place, schedule, asked, now: turn.now, timeZone, holidays, lang, asksPublicHolidays: PUBLIC_HOLIDAYS.test(ctx.normalized),
    asksOpen: yesNo && ASKS_OPEN.test(ctx.normalized), asksClosed: yesNo && ASKS_CLOSED.test(ctx.normalized) && !ASKS_OPEN.test(ctx.normalized)
  })
  const notes = asked === null && place.notes !== null ? ` ${place.notes}` : ''
  return reply(typeset(clip(`${hours}${phone}${notes}`, 300 - others.length) + others, lang))
}

const dishList = (menu: { starter: string | null, main: string, side: string | null, dessert: string | null }): string =>
  [menu.starter, menu.main, menu.side, menu.dessert].filter((dish): dish is string => dish !== null && dish !== '').join(', ')

const isoDays = (range: DateRange, max: number): string[] => {
  const days: string[] = []
  for (let day = range.from; day <= range.to && days.length < max; day = addIsoDays(day, 1)) days.push(day)
  return days
}

export const answerCanteenMenu = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const today = localDay(turn.now, data.settings.timeZone).toISOString().slice(0, 10)
  const asked = await askedRange(ctx) ?? { from: today, to: today }
  if (asked.from !== asked.to) {
    // « menu de la semaine prochaine »: the main dish of each school day that has a menu.
    const menus = (await Promise.all(isoDays(asked, 14).map(day => data.canteenMenu(day)))).filter(menu => menu !== null)
    const when = rangeText(asked, today, lang)
    if (menus.length === 0) return reply(typeset(say(lang, `Pas de menu publié ${when}.`, `No menu published ${when}.`), lang))
    return reply(typeset(clip(`${say(lang, 'Menus de la cantine', 'Canteen menus')}${colon(lang)}${menus.map(m => `${shortDayText(m.date, lang)}${colon(lang)}${m.main}`).join(lang === 'en' ? '; ' : ' ; ')}.`), lang))
  }
  const date = asked.from
  const menu = await data.canteenMenu(date)
  const day = dayText(date, lang)
  if (menu === null) return reply(typeset(say(lang, `Pas de menu publié pour ${day}.`, `No menu published for ${day}.`), lang))
  return reply(typeset(clip(say(lang, `Menu de la cantine, ${day} : ${dishList(menu)}.`, `Canteen menu, ${day}: ${dishList(menu)}.`)), lang))
}

const EVENTS_LIMIT = 3

type TownEvent = Awaited<ReturnType<DialogContext['data']['upcomingEvents']>>[number]
const eventLine = (event: TownEvent, lang: Lang, timeZone: string): string =>
  `${eventTimeText(event.startsAt, timeZone, lang)}${colon(lang)}${event.title}${event.place === null ? '' : ` (${event.place})`}`

export const answerEvents = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const { timeZone } = data.settings
  const asked = await askedRange(ctx)
  const separator = lang === 'en' ? '; ' : ' ; '
  if (asked === null || asked.partOfDay === 'now') {
    const events = await data.upcomingEvents(turn.now, EVENTS_LIMIT)
    if (events.length === 0) return reply(say(lang, 'Aucun événement annoncé pour le moment.', 'No events announced at the moment.'))
    return reply(typeset(clip(`${say(lang, 'À venir', 'Coming up')}${colon(lang)}${events.map(e => eventLine(e, lang, timeZone)).join(separator)}.`), lang))
  }
  // Only events of the days asked (« ce week-end » is Saturday and Sunday, not the next three events).
  const start = fromWall(wallDayStart(asked.from), timeZone)
  const end = fromWall(wallDayStart(addIsoDays(asked.to, 1)), timeZone)
  const from = start < turn.now && asked.from === localDay(turn.now, timeZone).toISOString().slice(0, 10) ? turn.now : start
  const endMs = end.getTime()
  const events = (await data.upcomingEvents(from, 50)).filter(e => e.startsAt.getTime() < endMs).slice(0, EVENTS_LIMIT)
  const when = rangeText(asked, localDay(turn.now, timeZone).toISOString().slice(0, 10), lang)
  if (events.length === 0) {
    const next = (await data.upcomingEvents(end, 1))[0]
    const after = next === undefined ? '' : say(lang, ` Prochain : ${eventLine(next, lang, timeZone)}.`, ` Next: ${eventLine(next, lang, timeZone)}.`)
    return reply(typeset(clip(say(lang, `Aucun événement annoncé ${when}.`, `No events announced ${when}.`) + after), lang))
  }
  const lines = asked.from === asked.to
    ? events.map(e => `${e.title} ${say(lang, 'à', 'at')} ${formatTime(wallTime(toWall(e.startsAt, timeZone)), lang)}${e.place === null ? '' : ` (${e.place})`}`)
    : events.map(e => eventLine(e, lang, timeZone))
  const day = asked.from === asked.to && asked.period === undefined ? dayText(asked.from, lang) : when
  return reply(typeset(clip(`${capitalize(day)}${colon(lang)}${lines.join(separator)}.`), lang))
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
