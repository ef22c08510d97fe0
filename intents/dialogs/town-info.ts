// Informational intents, answered only from the TownData port: opening hours of a place,
// the canteen menu of a day, the coming events.
import { extractDate, localDay } from '../entities/date.ts'
import { normalizeText } from '../normalize.ts'
import { clip, formatDateTime, formatDay, formatWeekHours, hoursOn } from './format.ts'
import { weekOf } from '../../src/town/osm-hours.ts'
import { colon, reply, say, type DialogContext, type DialogResult } from './types.ts'

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

export const answerOpeningHours = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const places = await data.places()
  const named = findPlace(places, turn.text, ctx.normalized)
  const place = named ?? townHall(places)
  if (place === undefined) return reply(say(lang, 'Je n\'ai pas les horaires pour l\'instant. Écrivez « agent » pour parler à une personne.', 'I do not have the opening hours yet. Write "agent" to talk to a person.'))
  const asked = extractDate(turn.text, turn.now, data.settings.timeZone, ctx.normalized)
  let hours: string
  // The regular week of the place's opening_hours (issue 15 item 4 evaluates holidays and exceptions).
  const week = weekOf(place.openingHours)
  if (asked !== null) {
    const slots = hoursOn(week, new Date(`${asked}T12:00:00Z`).getUTCDay())
    hours = `${formatDay(asked, lang)}${colon(lang)}${slots ?? say(lang, 'fermé', 'closed')}`
  } else {
    hours = formatWeekHours(week, lang) || say(lang, 'horaires non renseignés', 'no hours listed')
  }
  const phone = place.phone === null ? '' : say(lang, ` Tél. ${place.phone}.`, ` Tel. ${place.phone}.`)
  const others = named === null && places.length > 1 ? say(lang, ' Précisez un autre lieu si besoin (piscine, médiathèque…).', ' Ask for another place if needed (pool, library…).') : ''
  return reply(clip(`${place.name}, ${place.address}${colon(lang)}${hours}.${phone}${place.notes === null ? '' : ` ${place.notes}`}`, 300 - others.length) + others)
}

const dishList = (menu: { starter: string | null, main: string, side: string | null, dessert: string | null }): string =>
  [menu.starter, menu.main, menu.side, menu.dessert].filter((dish): dish is string => dish !== null && dish !== '').join(', ')

export const answerCanteenMenu = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const date = extractDate(turn.text, turn.now, data.settings.timeZone, ctx.normalized) ?? localDay(turn.now, data.settings.timeZone).toISOString().slice(0, 10)
  const menu = await data.canteenMenu(date)
  const day = formatDay(date, lang)
  if (menu === null) return reply(say(lang, `Pas de menu publié pour ${day}.`, `No menu published for ${day}.`))
  return reply(clip(say(lang, `Menu de la cantine, ${day} : ${dishList(menu)}.`, `Canteen menu, ${day}: ${dishList(menu)}.`)))
}

const EVENTS_LIMIT = 3

export const answerEvents = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const { timeZone } = data.settings
  const asked = extractDate(turn.text, turn.now, timeZone, ctx.normalized)
  const from = asked === null ? turn.now : new Date(`${asked}T00:00:00Z`)
  let events = await data.upcomingEvents(from, asked === null ? EVENTS_LIMIT : 20)
  if (asked !== null) events = events.filter(event => localDay(event.startsAt, timeZone).toISOString().slice(0, 10) === asked).slice(0, EVENTS_LIMIT)
  if (events.length === 0) {
    return reply(say(lang, asked === null ? 'Aucun événement annoncé pour le moment.' : `Aucun événement annoncé ${formatDay(asked, lang)}.`,
      asked === null ? 'No events announced at the moment.' : `No events announced on ${formatDay(asked, lang)}.`))
  }
  const lines = events.map(event => `${formatDateTime(event.startsAt, lang, timeZone)}${colon(lang)}${event.title}${event.place === null ? '' : ` (${event.place})`}`)
  return reply(clip(`${say(lang, 'À venir', 'Coming up')}${colon(lang)}${lines.join(lang === 'en' ? '; ' : ' ; ')}.`))
}
