// When an FAQ entry answers instead of the classifier's intent (issue 15, item 5). The town's own
// entries fill the gaps of the intents: they win over "not understood", out_of_scope and unsure
// intents; over a confident intent only when the message is about as close to the entry as to the
// intent's own training examples ("tarifs piscine" vs "horaires de la piscine"); never over a
// report with a place or a photo, a ticket reference, a request for a person or alerts. Over a
// confident intent the entry must also stand out from the second best entry.
import type { Classification } from '../classifier.ts'

export type FaqThresholds = {
  /** Enough to answer when the classifier is unsure or says out_of_scope. */
  weak: number
  /** Needed to answer instead of a confident intent... */
  strong: number
  /** ...and then the entry's score may fall at most this far below the intent examples' score... */
  margin: number
  /** ...and must be this far ahead of the second best entry. */
  strongGap: number
  /** Classifier confidence below which it counts as unsure (the assistant's CONFIDENCE_THRESHOLD). */
  unsure: number
}
// Chosen with npm run faq:cv (leave-one-phrasing-out over the entries, the dev lines of
// intents/faq/eval, the intents' held-out messages as negatives), never on the eval lines.
export const FAQ_THRESHOLDS: FaqThresholds = { weak: 0.35, strong: 0.4, margin: 0.1, strongGap: 0.1, unsure: 0.5 }

// Intents that act (a person, subscriptions; a ticket status is recognised by its reference): an FAQ entry never takes their place.
const ACTIONS = new Set(['talk_to_agent', 'alerts_subscription', 'opt_out', 'opt_in', 'help'])

export type FaqSituation = {
  classification: Pick<Classification, 'intent' | 'confidence' | 'entities'>
  /** The best similarity of the message with the classifier's training examples (same matcher), computed only when needed. */
  intentScore: () => number
  hasLocation: boolean
  hasAttachments: boolean
}

/** `second`: the score of the second best entry (0 when there is none). */
export const faqMayAnswer = (score: number, s: FaqSituation, t: FaqThresholds = FAQ_THRESHOLDS, second = 0): boolean => {
  if (score < t.weak) return false
  const { intent, confidence, entities } = s.classification
  if (entities.reference !== undefined) return false
  const unsure = confidence < t.unsure || intent === 'out_of_scope'
  if (ACTIONS.has(intent) && !unsure) return false
  if (intent === 'report_issue' && (s.hasLocation || s.hasAttachments || entities.location !== undefined)) return false
  return unsure || (score >= t.strong && score - second >= t.strongGap && score >= s.intentScore() - t.margin)
}
