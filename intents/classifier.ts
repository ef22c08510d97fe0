// The intent classifier: keyword rules first, then a softmax regression over stemmed words,
// bigrams and char n-grams (intents/features.ts), trained in-process at start (~0.5 s).
import type { Lang } from '../src/domain.ts'
import { withPoliteness } from './augment.ts'
import { INTENT_IDS, type IntentId, type ResultIntent } from './catalog.ts'
import { extractEntities, type Entities } from './entities/index.ts'
import { extractReference, DEFAULT_TICKET_PREFIX } from './entities/reference.ts'
import { compileFeatureExtractor, DEFAULT_FEATURE_SETTINGS, extractFeatures, type FeatureSettings, type KnownFeatures } from './features.ts'
import { matchKeyword, type KeywordMatch } from './keywords.ts'
import { detectLangOrNull } from './language.ts'
import { normalizeText, tokenize } from './normalize.ts'
import { DEFAULT_SOFTMAX_OPTIONS, SoftmaxModel, type SoftmaxOptions, type SparseVector } from './softmax.ts'
import { loadTrainingExamples, type Example } from './training-data.ts'

export type ScoredIntent = { intent: IntentId, confidence: number }

export type Classification = {
  intent: ResultIntent
  confidence: number
  lang: Lang
  entities: Entities
  /** Every catalog intent, most likely first (empty for keyword matches). */
  ranking: ScoredIntent[]
}

export type ClassifyContext = {
  now?: Date
  timeZone?: string
  /** normalizeText(text), when the caller has it: features, language and entities all start from it. */
  normalized?: string
  /** matchKeyword(text), when the caller has already looked for a keyword. */
  keyword?: KeywordMatch | null
}

export type ClassifierOptions = {
  ticketPrefix?: string
  softmax?: Partial<SoftmaxOptions>
  /** Softmax temperature; > 1 makes confidences less extreme (fitted by nlu:eval's calibration figures). */
  temperature?: number
  features?: Partial<FeatureSettings>
  /** Learn each request also wrapped in greetings and sign-offs (default true). */
  politeness?: boolean
}

export type IntentClassifier = {
  classify (text: string, lang?: Lang, context?: ClassifyContext): Classification
  rank (text: string, lang: Lang): ScoredIntent[]
}

const DEFAULT_TEMPERATURE = 1
const REFERENCE_FLAG = ['x:ref']

export const trainClassifier = (given: Example[], options: ClassifierOptions = {}): IntentClassifier => {
  const examples = options.politeness === false ? given : withPoliteness(given)
  const prefix = options.ticketPrefix ?? DEFAULT_TICKET_PREFIX
  const temperature = options.temperature ?? DEFAULT_TEMPERATURE
  const featureSettings = { ...DEFAULT_FEATURE_SETTINGS, ...options.features }
  const featuresOf = (text: string, lang: Lang): Map<string, number> =>
    extractFeatures(text, lang, extractReference(text, prefix) === null ? [] : REFERENCE_FLAG, featureSettings)

  const vocabulary = new Map<string, number>()
  const trainingFeatures = examples.map(example => featuresOf(example.text, example.lang))
  for (const features of trainingFeatures) for (const name of features.keys()) if (!vocabulary.has(name)) vocabulary.set(name, vocabulary.size)

  // Unit length; the norm is summed in feature order, so that training and classifying agree to the last bit.
  const normalized = ({ indices, values }: KnownFeatures): SparseVector => {
    let norm = 0
    for (const value of values) norm += value * value
    norm = Math.sqrt(norm) || 1
    // Plain loops: TypedArray.from goes through the iterator protocol, one result object per element.
    const vector: SparseVector = { indices: new Int32Array(indices.length), values: new Float64Array(values.length) }
    for (let k = 0; k < indices.length; k++) {
      vector.indices[k] = indices[k]
      vector.values[k] = values[k] / norm
    }
    return vector
  }

  const vectorize = (features: Map<string, number>): SparseVector => {
    const known: KnownFeatures = { indices: [], values: [] }
    for (const [name, value] of features) {
      const index = vocabulary.get(name)
      if (index === undefined) continue
      known.indices.push(index)
      known.values.push(value)
    }
    return normalized(known)
  }

  const model = new SoftmaxModel(vocabulary.size, INTENT_IDS.length)
  model.train(
    trainingFeatures.map(vectorize),
    examples.map(example => INTENT_IDS.indexOf(example.intent)),
    { ...DEFAULT_SOFTMAX_OPTIONS, ...options.softmax }
  )

  // The same features as vectorize(featuresOf(…)), without building feature names per message.
  const knownFeatures = compileFeatureExtractor(vocabulary, examples.map(example => example.text), featureSettings)

  // The scores of the message being ranked: one buffer, ranking is synchronous.
  const scores = new Float64Array(INTENT_IDS.length)

  /** The intents for a message, most likely first: model.predict(normalized(features)), with no vector made per message. */
  const rankText = (text: string, lang: Lang, reference: string | null, normalizedText?: string): ScoredIntent[] => {
    const { indices, values } = knownFeatures(text, lang, reference === null ? [] : REFERENCE_FLAG, normalizedText)
    // Nothing the model has ever seen (gibberish, emoji only): out of scope, unsure.
    if (indices.length === 0) return unknownRanking
    // normalized()'s norm, in the same order; predictInto divides each value by it as it sums,
    // giving the very doubles the unit vector held.
    let norm = 0
    for (const value of values) norm += value * value
    norm = Math.sqrt(norm) || 1
    const probabilities = model.predictInto(scores, indices, values, indices.length, norm, temperature)
    // Most likely first, ties in the catalog's order (what a stable sort by decreasing confidence
    // gives): an insertion sort of the 18 intents as they are made, with no comparator calls.
    const ranking: ScoredIntent[] = []
    for (let i = 0; i < INTENT_IDS.length; i++) {
      const entry: ScoredIntent = { intent: INTENT_IDS[i], confidence: probabilities[i] }
      let at = ranking.length
      ranking.push(entry)
      while (at > 0 && ranking[at - 1].confidence < entry.confidence) {
        ranking[at] = ranking[at - 1]
        at--
      }
      ranking[at] = entry
    }
    return ranking
  }

  const rank = (text: string, lang: Lang): ScoredIntent[] => {
    const reference = extractReference(text, prefix)
    return withReferenceEvidence(withoutGreetingOnlyBias(rankText(text, lang, reference), normalizeText(text)), reference)
  }

  const classify = (text: string, lang?: Lang, context: ClassifyContext = {}): Classification => {
    // Normalised once for the language, the features and the entities.
    const normalizedText = context.normalized ?? normalizeText(text)
    const detected = lang ?? detectLangOrNull(text, normalizedText) ?? 'fr'
    const entityOptions = { now: context.now, timeZone: context.timeZone, ticketPrefix: prefix, normalized: normalizedText }
    const keyword = context.keyword !== undefined ? context.keyword : matchKeyword(text)
    if (keyword !== null) return { intent: keyword.intent, confidence: 1, lang: detected, entities: {}, ranking: [] }
    // Found once, for both the "x:ref" feature and the entities.
    const reference = extractReference(text, prefix)
    const ranking = withReferenceEvidence(withoutGreetingOnlyBias(rankText(text, detected, reference, normalizedText), normalizedText), reference)
    const best = ranking[0]
    const entities = extractEntities(text, { ...entityOptions, reference, withCategory: best.intent === 'report_issue' })
    return { intent: best.intent, confidence: round(best.confidence), lang: detected, entities, ranking }
  }

  return { classify, rank }
}

// Issue 16: a ticket reference in the message is strong evidence of a follow-up on that request,
// whatever its topic; only a wish for a person or a goodbye keep their own intent.
const KEEP_WITH_REFERENCE = new Set<IntentId>(['request_status', 'talk_to_agent', 'thanks_goodbye'])
const REFERENCE_CONFIDENCE = 0.9

// Issue 16: `greeting` is hello and nothing else. A message that says more than salutations is about
// that more, whatever the salutation weighs in the model.
const GREETING_ONLY = new Set(('bonjour bonsoir salut coucou hello hi hey hiya howdy yo morning evening afternoon good re bjr slt cc ' +
  'madame monsieur mesdames messieurs dames cher chere chers a tous toutes tout le la les l monde vous toi y il quelqu un une est ce que qu ' +
  'there everyone all anyone anybody is the team equipe ici mairie town hall council bot robot assistant de du s plait please svp ' +
  'et and to you ca va comment allez how are oui ok ' +
  // what opens a conversation without saying what it is about: "j'ai une question", "can you help me?"
  'je j ai une petite question questions renseignement renseignements information informations aide aider m me moi pouvez peux peut ' +
  'poser demander quelque chose besoin d voudrais aurais nouveau nouvelle arrive arriver viens ville ecris c bien ca marche truc ' +
  'i have a quick need some help new here looking for writing with something can could ask are does this work do it answer at there ' +
  'repondez soir night on discuter ho he wesh greetings').split(' '))
const MORE_THAN_GREETING = 2

const withoutGreetingOnlyBias = (ranking: ScoredIntent[], normalized: string): ScoredIntent[] => {
  if (ranking[0].intent !== 'greeting') return ranking
  // Counted over the words already split for the features (tokenize), with no filtered copy.
  let more = 0
  for (const word of tokenize('', normalized)) if (word !== '' && !GREETING_ONLY.has(word)) more++
  return more >= MORE_THAN_GREETING ? [...ranking.slice(1), ranking[0]] : ranking
}

const withReferenceEvidence = (ranking: ScoredIntent[], reference: string | null): ScoredIntent[] => {
  if (reference === null || KEEP_WITH_REFERENCE.has(ranking[0].intent)) return ranking
  const status = ranking.find(r => r.intent === 'request_status')
  const rest = ranking.filter(r => r.intent !== 'request_status')
  return [{ intent: 'request_status', confidence: Math.max(status?.confidence ?? 0, REFERENCE_CONFIDENCE) }, ...rest]
}

// Nothing known in the message: out of scope first, below the clarification threshold.
const unknownRanking: ScoredIntent[] = [
  { intent: 'out_of_scope', confidence: 0.4 },
  ...INTENT_IDS.filter(intent => intent !== 'out_of_scope').map(intent => ({ intent, confidence: 0.6 / (INTENT_IDS.length - 1) }))
]

const round = (value: number): number => Math.round(value * 10_000) / 10_000

let defaultClassifier: IntentClassifier | undefined

/** The classifier trained on intents/data, built on first use. */
export const getDefaultClassifier = (): IntentClassifier => {
  defaultClassifier ??= trainClassifier(loadTrainingExamples())
  return defaultClassifier
}

/** Classifies with the default classifier (keyword rules first). */
export const classify = (text: string, lang?: Lang, context?: ClassifyContext): Classification =>
  getDefaultClassifier().classify(text, lang, context)
