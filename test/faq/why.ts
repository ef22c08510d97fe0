// Why the FAQ decision of a turn does or does not give a message the expected entry, step by step as in
// intents/faq/town-faq.ts (pickTownEntry) and decide.ts (townEntryAnswers): used by npm run faq:cv -- --why
// (the tuning lines, with their texts) and npm run faq:eval -- --why (counts only: held-out lines are not listed).
import type { IntentClassifier } from '../../intents/classifier.ts'
import { matchKeyword } from '../../intents/keywords.ts'
import { detectLangOrNull } from '../../intents/language.ts'
import { normalizeText } from '../../intents/normalize.ts'
import { FAQ_MODEL, FAQ_THRESHOLDS, faqFeatures, faqProbability, FAQ_FEATURES, placedInWords, sureOffTopic, townEntryMightAnswer } from '../../intents/faq/decide.ts'
import { wishesToAct } from '../../intents/faq/lexicon.ts'
import type { Matcher } from '../../intents/faq/matcher.ts'

export type Why = { reason: string, intent: string, confidence: number, top: string | null, score: number, p: number }

const GAP = FAQ_FEATURES.indexOf('gap')
const WISH = FAQ_FEATURES.indexOf('wishToRequest')
const ACTION = FAQ_FEATURES.indexOf('action')
const OVER = FAQ_FEATURES.indexOf('overIntents')

export const whyOf = (text: string, expected: string | null, matcher: Matcher, classifier: IntentClassifier, intents: Matcher, now = new Date('2026-03-10T10:00:00Z')): Why => {
  const normalized = normalizeText(text)
  const lang = detectLangOrNull(text, normalized) ?? 'fr'
  const keyword = matchKeyword(text)
  const classification = classifier.classify(text, lang, { now, timeZone: 'Europe/Paris', normalized, keyword })
  const [top, next] = matcher.rank(text, 2, normalized)
  const intentScore = intents.scoreOf(classification.intent, text, normalized)
  const s = { classification, intentScore: () => intentScore, hasLocation: false, hasAttachments: false, wishesToAct: wishesToAct(normalized) }
  const e = { score: top?.score ?? 0, second: next?.score ?? 0, phrasing: top?.phrasing ?? 0, coverage: top === undefined ? 0 : matcher.coverage(top.id, text, normalized) }
  const x = faqFeatures(e, s, intentScore)
  const p = faqProbability(x, FAQ_MODEL)
  const unsure = classification.intent === 'out_of_scope' || classification.confidence < FAQ_THRESHOLDS.unsure
  const out = (reason: string): Why => ({ reason, intent: classification.intent, confidence: classification.confidence, top: top?.id ?? null, score: e.score, p })
  if (keyword !== null) return out('keyword rule')
  if (expected !== null && top?.id !== expected) return out('another entry ranked first')
  if (top === undefined || e.score < FAQ_MODEL.floor) return out('score below the floor')
  if (!townEntryMightAnswer(s)) return out('no entry may answer (reference, place)')
  if (sureOffTopic(e, s)) return out('sure out of scope, coverage < 0.5')
  if (x[GAP] !== 0 && x[GAP] < FAQ_THRESHOLDS.strongGap) return out('gap to the second entry < 0.05 over a confident intent')
  if (x[WISH] === 1 && x[OVER] < FAQ_MODEL.wishMargin) return out('wish to act on a request intent')
  if (x[ACTION] === 1 && x[OVER] < FAQ_MODEL.actionMargin) return out(`confident ${classification.intent}, entry < ${FAQ_MODEL.actionMargin} closer`)
  if (placedInWords(s) && x[OVER] < FAQ_MODEL.actionMargin) return out(`${classification.intent} with a place in words, entry < ${FAQ_MODEL.actionMargin} closer`)
  if (p < FAQ_MODEL.threshold) return out(unsure ? 'model below the bar (unsure intent or out_of_scope)' : 'model below the bar (confident intent)')
  return out('entry accepted')
}
