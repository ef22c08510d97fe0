// waste_collection: collection days for the citizen's street or area, from the TownData port.
// Without a street we ask for it once (state "waste"), then answer with what we have.
import type { Lang } from '../../src/domain.ts'
import { extractLocation } from '../entities/location.ts'
import { normalizeText } from '../normalize.ts'
import { clip, dayName } from './format.ts'
import type { WasteState } from './state.ts'
import { colon, reply, say, type DialogContext, type DialogResult } from './types.ts'

type Collection = Awaited<ReturnType<DialogContext['data']['wasteCollections']>>[number]

const STREAM_LABELS: Record<string, [string, string]> = {
  household: ['ordures ménagères', 'household waste'],
  residual: ['ordures ménagères', 'household waste'],
  recycling: ['tri (bac jaune)', 'recycling (yellow bin)'],
  packaging: ['emballages', 'packaging'],
  glass: ['verre', 'glass'],
  green: ['déchets verts', 'garden waste'],
  garden: ['déchets verts', 'garden waste'],
  bulky: ['encombrants', 'bulky items'],
  biowaste: ['biodéchets', 'food waste']
}

const streamLabel = (stream: string, lang: Lang): string => {
  const label = STREAM_LABELS[stream.toLowerCase()]
  return label === undefined ? stream : say(lang, ...label)
}

// Street names compared without the street type ("rue des Lilas" ~ "Lilas"), accents or case.
const STREET_TYPE = /^(rue|avenue|av|bd|boulevard|place|chemin|allee|impasse|route|quai|cours|square|passage|street|road|lane|close|way|drive)\s+((de la|de l|du|des|de|d|the)\s+)?/
const streetCore = (street: string): string => normalizeText(street).replace(STREET_TYPE, '').trim()

/** Each collection's street names without their type, and its normalised area name. */
type CollectionKeys = { streets: string[][], areas: string[] }

// wasteCollections() returns the same array for as long as the town data keeps it (2 s in src/town/town-data.ts):
// its street and area names are normalised once per array, not once per message.
const collectionKeysCache = new WeakMap<Collection[], CollectionKeys>()

const collectionKeys = (collections: Collection[]): CollectionKeys => {
  let keys = collectionKeysCache.get(collections)
  if (keys === undefined) {
    keys = { streets: collections.map(c => c.streets.map(streetCore)), areas: collections.map(c => normalizeText(c.area)) }
    collectionKeysCache.set(collections, keys)
  }
  return keys
}

/** The area whose street list or area name appears in the text; null when none does. `normalized` is normalizeText(text), when the caller has it. */
export const findArea = (collections: Collection[], text: string, normalized = normalizeText(text)): string | null => {
  const message = ` ${normalized} `
  const location = extractLocation(text)
  const core = location === null ? null : streetCore(location)
  const keys = collectionKeys(collections)
  for (const [i, collection] of collections.entries()) {
    for (const streetKey of keys.streets[i]) {
      if (streetKey === '') continue
      if (message.includes(` ${streetKey} `) || (core !== null && core !== '' && (core === streetKey || core.endsWith(streetKey)))) return collection.area
    }
  }
  const byArea = collections.find((_, i) => keys.areas[i] !== '' && message.includes(` ${keys.areas[i]} `))
  return byArea?.area ?? null
}

const areaAnswer = (collections: Collection[], area: string, lang: Lang): string => {
  const parts = collections.filter(c => c.area === area).map(c =>
    `${streamLabel(c.stream, lang)}${colon(lang)}${c.days.map(day => dayName(day, lang)).join(', ')}${c.notes === null ? '' : ` (${c.notes})`}`)
  return clip(say(lang, `Secteur ${area} – ${parts.join(' ; ')}.`, `${area} area – ${parts.join('; ')}.`))
}

export const answerWasteCollection = async (ctx: DialogContext, askedBefore = false): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const collections = await data.wasteCollections()
  if (collections.length === 0) return reply(say(lang, 'Je n\'ai pas encore le calendrier de collecte. Écrivez « agent » pour parler à une personne.', 'I do not have the collection calendar yet. Write "agent" to talk to a person.'))
  const area = findArea(collections, turn.text, ctx.normalized)
  if (area !== null) return reply(areaAnswer(collections, area, lang))
  const areas = [...new Set(collections.map(c => c.area))]
  if (areas.length === 1) return reply(areaAnswer(collections, areas[0], lang))
  // A street we do not know is said so, not asked for again (issue 16).
  const street = extractLocation(turn.text)
  if (!askedBefore && street === null) {
    const state: WasteState = { dialog: 'waste', text: turn.text }
    return reply(say(lang, 'Dans quelle rue habitez-vous ? Je vous donne les jours de collecte.', 'Which street do you live in? I will give you the collection days.'), state)
  }
  const unknown = street === null ? say(lang, 'Je ne trouve pas cette rue.', 'I cannot find that street.') : say(lang, `Je ne trouve pas « ${street} » dans le calendrier de collecte.`, `I cannot find "${street}" in the collection calendar.`)
  return reply(clip(say(lang, `${unknown} Secteurs : ${areas.join(', ')}. Donnez le nom de votre secteur, ou écrivez « agent ».`,
    `${unknown} Areas: ${areas.join(', ')}. Give your area name, or write "agent".`)))
}

/** The answer to "which street?": null when the citizen moved on to something else. */
export const continueWasteCollection = async (_state: WasteState, ctx: DialogContext): Promise<DialogResult | null> => {
  const words = ctx.normalized.split(' ').length
  const looksLikeAddress = extractLocation(ctx.turn.text) !== null || words <= 5
  if (!looksLikeAddress) return null
  return answerWasteCollection(ctx, true)
}
