// Informational intents, answered only from the TownData port: opening hours of a place,
// the canteen menu of a day, the coming events.
import { extractDate, localDay } from '../entities/date.ts'
import { normalizeText } from '../normalize.ts'
import { clip, formatDateTime, formatDay, formatWeekHours, hoursOn } from './format.ts'
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

// The group words, normalised once rather than for every place they are compared with.
const NORMALIZED_GROUPS: string[][] = PLACE_GROUPS.map(group => group.map(word => normalizeText(word)))

const contains = (haystack: string, needle: string): boolean => ` ${haystack} `.includes(` ${needle} `)

const placeText = (place: Place): string => normalizeText([place.name, place.kind.replace(/_/g, ' '), place.kind, ...place.aliases].join(' '))

/** Normalised once per message: the matching below compares every place with many words. */
type PlaceTexts = { names: string[][], all: string[] }

const placeTexts = (places: Place[]): PlaceTexts => ({
  names: places.map(place => [place.name, ...place.aliases].map(name => normalizeText(name))),
  all: places.map(placeText)
})

/** The place the message names, by name/alias first, then by kind of place; null when none is named. */
export const findPlace = (places: Place[], text: string, texts = placeTexts(places)): Place | null => {
  const message = normalizeText(text)
  const byName = places.find((_, i) => texts.names[i].some(name => name !== '' && contains(message, name)))
  if (byName !== undefined) return byName
  for (const group of NORMALIZED_GROUPS) {
    if (!group.some(word => contains(message, word))) continue
    const match = places.find((_, i) => group.some(word => contains(texts.all[i], word)))
    if (match !== undefined) return match
  }
  return null
}

const townHall = (places: Place[], texts = placeTexts(places)): Place | undefined =>
  places.find((_, i) => NORMALIZED_GROUPS[0].some(word => contains(texts.all[i], word))) ?? places[0]

export const answerOpeningHours = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const places = await data.places()
  const texts = placeTexts(places)
  const named = findPlace(places, turn.text, texts)
  const place = named ?? townHall(places, texts)
  if (place === undefined) return reply(say(lang, 'Je n\'ai pas les horaires pour l\'instant. Écrivez « agent » pour parler à une personne.', 'I do not have the opening hours yet. Write "agent" to talk to a person.'))
  const asked = extractDate(turn.text, turn.now, data.settings.timeZone)
  let hours: string
  if (asked !== null) {
    const slots = hoursOn(place.hours, new Date(`${asked}T12:00:00Z`).getUTCDay())
    hours = `${formatDay(asked, lang)}${colon(lang)}${slots ?? say(lang, 'fermé', 'closed')}`
  } else {
    hours = formatWeekHours(place.hours, lang) || say(lang, 'horaires non renseignés', 'no hours listed')
  }
  const phone = place.phone === null ? '' : say(lang, ` Tél. ${place.phone}.`, ` Tel. ${place.phone}.`)
  const others = named === null && places.length > 1 ? say(lang, ' Précisez un autre lieu si besoin (piscine, médiathèque…).', ' Ask for another place if needed (pool, library…).') : ''
  return reply(clip(`${place.name}, ${place.address}${colon(lang)}${hours}.${phone}${place.notes === null ? '' : ` ${place.notes}`}`, 300 - others.length) + others)
}

const dishList = (menu: { starter: string | null, main: string, side: string | null, dessert: string | null }): string =>
  [menu.starter, menu.main, menu.side, menu.dessert].filter((dish): dish is string => dish !== null && dish !== '').join(', ')

export const answerCanteenMenu = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const date = extractDate(turn.text, turn.now, data.settings.timeZone) ?? localDay(turn.now, data.settings.timeZone).toISOString().slice(0, 10)
  const menu = await data.canteenMenu(date)
  const day = formatDay(date, lang)
  if (menu === null) return reply(say(lang, `Pas de menu publié pour ${day}.`, `No menu published for ${day}.`))
  return reply(clip(say(lang, `Menu de la cantine, ${day} : ${dishList(menu)}.`, `Canteen menu, ${day}: ${dishList(menu)}.`)))
}

const EVENTS_LIMIT = 3

export const answerEvents = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const { timeZone } = data.settings
  const asked = extractDate(turn.text, turn.now, timeZone)
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
