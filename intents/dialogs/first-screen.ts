// The web chat's first screen (issue 16): greeting, 3–4 example questions taken from the town's own
// data (its FAQ, its places, its streets, its agenda), a placeholder and the privacy link.
import type { FirstScreen, TownData } from '../../src/answerer.ts'
import type { Lang } from '../../src/domain.ts'
import { polish } from './typography.ts'
import { say } from './types.ts'

const MAX_EXAMPLES = 4

// Places citizens ask about most, in this order, when the town has them.
const PLACE_KINDS = ['pool', 'library', 'recycling_centre', 'town_hall']

const placeExample = (places: Awaited<ReturnType<TownData['places']>>, lang: Lang): string | null => {
  const place = PLACE_KINDS.map(kind => places.find(p => p.kind === kind)).find(p => p !== undefined) ?? places[0]
  if (place === undefined) return null
  return say(lang, `Horaires : ${place.name}`, `${place.nameEn} opening hours`)
}

const wasteExample = (collections: Awaited<ReturnType<TownData['wasteCollections']>>, lang: Lang): string | null => {
  const street = collections.flatMap(c => c.streets).find(s => s.trim() !== '')
  return street === undefined ? null : say(lang, `Jours de collecte ${street}`, `Bin days for ${street}`)
}

const eventExample = (events: Awaited<ReturnType<TownData['upcomingEvents']>>, lang: Lang): string | null =>
  events.length === 0 ? null : say(lang, 'Que se passe-t-il ce mois-ci ?', 'What\'s on this month?')

// When the town has little data yet: what every town hall does.
const FALLBACKS: [string, string][] = [
  ['Signaler un problème dans ma rue', 'Report a problem in my street'],
  ['Où en est ma demande ?', 'Where is my request?'],
  ['Refaire ma carte d\'identité', 'Renew my ID card'],
  ['Parler à un agent', 'Talk to a person']
]

export const firstScreenOf = async (lang: Lang, data: TownData, now = new Date()): Promise<FirstScreen> => {
  const [faq, places, collections, events] = await Promise.all([data.faqEntries(), data.places(), data.wasteCollections(), data.upcomingEvents(now, 1)])
  const faqExample = faq.map(entry => say(lang, entry.questions.fr[0] ?? '', entry.questions.en[0] ?? '')).find(q => q.trim() !== '') ?? null
  const fromData = [faqExample, placeExample(places, lang), wasteExample(collections, lang), eventExample(events, lang)].filter((e): e is string => e !== null)
  const examples = [...fromData, ...FALLBACKS.map(pair => say(lang, ...pair))].slice(0, MAX_EXAMPLES)
  const { townName, privacyUrl } = data.settings
  return {
    greeting: polish(say(lang,
      `Bonjour ! Je suis l'assistant automatisé de la mairie de ${townName}. Posez votre question, signalez un problème ou suivez une demande : un agent peut prendre le relais à tout moment.`,
      `Hello! I am the automated assistant of ${townName} town hall. Ask a question, report a problem or follow a request: a member of staff can take over at any time.`), lang),
    examples: examples.map(e => polish(e, lang)),
    placeholder: polish(say(lang, `Votre question, par exemple : ${examples[0]}`, `Your question, for example: ${examples[0]}`), lang),
    privacyUrl
  }
}
