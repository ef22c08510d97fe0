// Below the confidence threshold: offer the two likeliest intents and read the answer
// ("1", "the first", "oui, la carte d'identité") on the next turn.
import type { Lang } from '../../src/domain.ts'
import type { IntentId } from '../catalog.ts'
import type { IntentClassifier } from '../classifier.ts'
import { normalizeText } from '../normalize.ts'
import { parseChoice, parseYesNo, stripYesNo } from './answers.ts'
import type { ClarifyState } from './state.ts'
import { say, type DialogContext, type DialogResult } from './types.ts'

export const INTENT_LABELS: Record<IntentId, [string, string]> = {
  greeting: ['dire bonjour', 'say hello'],
  thanks_goodbye: ['terminer la conversation', 'end the conversation'],
  opening_hours: ['les horaires d\'un lieu', 'opening hours of a place'],
  report_issue: ['signaler un problème', 'report a problem'],
  civil_status_certificate: ['un acte d\'état civil', 'a civil status certificate'],
  identity_documents: ['une carte d\'identité ou un passeport', 'an ID card or passport'],
  school_enrollment: ['une inscription scolaire', 'a school registration'],
  canteen_menu: ['le menu de la cantine', 'the canteen menu'],
  events_agenda: ['les événements à venir', 'upcoming events'],
  waste_collection: ['la collecte des déchets', 'waste collection'],
  building_permit: ['l\'urbanisme (travaux, permis)', 'planning (works, permits)'],
  subsidy_request: ['une subvention ou une aide', 'a grant or financial help'],
  book_appointment: ['un rendez-vous', 'an appointment'],
  request_status: ['le suivi d\'une demande', 'the status of a request'],
  talk_to_agent: ['parler à une personne', 'talk to a person'],
  participation: ['proposer une idée, participer', 'suggest an idea, take part'],
  alerts_subscription: ['les alertes de la ville', 'town alerts'],
  out_of_scope: ['autre chose', 'something else']
}

const NOT_OFFERED = new Set<IntentId>(['out_of_scope', 'greeting', 'thanks_goodbye'])

const label = (intent: IntentId, lang: Lang): string => say(lang, ...INTENT_LABELS[intent])

export const askClarification = (ctx: DialogContext): DialogResult => {
  // Offering "say hello" or "something else" as a choice helps nobody: only real requests are offered.
  const options = ctx.classification.ranking.map(r => r.intent).filter(intent => !NOT_OFFERED.has(intent)).slice(0, 2) as [IntentId, IntentId]
  const state: ClarifyState = { dialog: 'clarify', options, text: ctx.turn.text }
  const [a, b] = options.map(intent => label(intent, ctx.lang))
  return {
    replies: [say(ctx.lang, `Je ne suis pas sûr d'avoir compris. Vous voulez : 1) ${a}, ou 2) ${b} ? Répondez 1 ou 2, ou reformulez.`,
      `I am not sure I understood. Do you mean: 1) ${a}, or 2) ${b}? Reply 1 or 2, or rephrase.`)],
    actions: [],
    state,
    misunderstood: true
  }
}

// The labels normalised once: every answer is compared with them.
const NORMALIZED_LABELS = Object.fromEntries(Object.entries(INTENT_LABELS).map(([intent, labels]) => [intent, labels.map(label => normalizeText(label))])) as Record<IntentId, string[]>

const NEITHER = /^(aucun|aucune|ni l un ni l autre|ni l une ni l autre|neither|none|non|no|rien|autre|autre chose|something else)$/

/** The chosen intent, 'neither', or null when the answer is not about the question (classify it afresh). */
export const resolveClarification = (state: ClarifyState, ctx: DialogContext, classifier: IntentClassifier): IntentId | 'neither' | null => {
  const { text } = ctx.turn
  const { normalized } = ctx
  const choice = parseChoice(text, normalized)
  if (choice !== null) return state.options[choice]
  if (NEITHER.test(normalized)) return 'neither'
  const rest = parseYesNo(text, normalized) === null ? text : stripYesNo(text)
  if (rest === '') return null
  // "oui, la carte d'identité": compare the two offered intents only, and the labels we showed.
  const normalizedRest = rest === text ? normalized : normalizeText(rest)
  for (const [i, intent] of state.options.entries()) {
    if (NORMALIZED_LABELS[intent].some(shown => normalizedRest.includes(shown))) return state.options[i]
  }
  const scores = new Map(classifier.rank(rest, ctx.lang).map(r => [r.intent, r.confidence]))
  const [first, second] = state.options.map(intent => scores.get(intent) ?? 0)
  if (first >= 2 * second && first >= 0.05) return state.options[0]
  if (second >= 2 * first && second >= 0.05) return state.options[1]
  return null
}
