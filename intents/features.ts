// Sparse features of a message: stemmed words, stemmed word bigrams and character n-grams.
// Char n-grams carry typos and missing accents ("lampadair", "dechetterie"); stems carry
// inflections ("inscrire"/"inscription"); bigrams carry near-miss pairs ("rendez vous" + "passeport").
import stemmerFr from 'natural/lib/natural/stemmers/porter_stemmer_fr.js'
import stemmerEn from 'natural/lib/natural/stemmers/porter_stemmer.js'
import ngrams from 'natural/lib/natural/ngrams/ngrams.js'
import type { Lang } from '../src/domain.ts'
import { tokenize } from './normalize.ts'

export type FeatureSettings = { charSizes: number[], charWeight: number }
export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = { charSizes: [3, 4, 5], charWeight: 0.35 }
// Per language, so that a lookup needs no "lang:word" key string built per word.
const stemCaches: Record<Lang, Map<string, string>> = { fr: new Map(), en: new Map() }
const STEM_CACHE_LIMIT = 100_000
const NUMBER = /^\d+$/

const stemWord = (word: string, lang: Lang): string => {
  if (NUMBER.test(word)) return '<num>'
  if (word.length <= 3) return word
  const cache = stemCaches[lang]
  let stem = cache.get(word)
  if (stem === undefined) {
    stem = lang === 'fr' ? stemmerFr.stem(word) : stemmerEn.stem(word)
    if (cache.size < STEM_CACHE_LIMIT) cache.set(word, stem)
  }
  return stem
}

const addCharNgrams = (word: string, out: Map<string, number>, settings: FeatureSettings): void => {
  const padded = ` ${word} `
  for (const size of settings.charSizes) {
    for (let i = 0; i + size <= padded.length; i++) {
      const gram = `c:${padded.slice(i, i + size)}`
      out.set(gram, (out.get(gram) ?? 0) + settings.charWeight)
    }
  }
}

// Greetings and sign-offs around a real request ("Bonjour, … Merci", "Dear Sir or Madam, … Regards")
// would otherwise pull long messages towards greeting/thanks_goodbye; they only count in short messages.
const POLITENESS = new Set(['bonjour', 'bonsoir', 'salut', 'coucou', 'hello', 'hi', 'hey', 'madame', 'monsieur', 'merci',
  'cordialement', 'salutations', 'distinguees', 'sincerement', 'thanks', 'regards', 'dear', 'sir', 'madam', 'cheers', 'kind', 'best', 'avance'])
const MIN_CONTENT_WORDS = 4

const withoutPoliteness = (words: readonly string[]): readonly string[] => {
  const content = words.filter(word => !POLITENESS.has(word))
  return content.length >= MIN_CONTENT_WORDS ? content : words
}

/** The words features are built from. */
const featureWords = (text: string, normalized?: string): readonly string[] => withoutPoliteness(tokenize(text, normalized))

/** Feature name → weight, before vectorisation. `extra` adds flags such as "x:ref". */
export const extractFeatures = (text: string, lang: Lang, extra: string[] = [], settings = DEFAULT_FEATURE_SETTINGS): Map<string, number> => {
  const out = new Map<string, number>()
  const words = featureWords(text)
  const stems = words.map(word => stemWord(word, lang))
  for (const stem of stems) out.set(`w:${stem}`, 1)
  for (const [a, b] of ngrams.bigrams(stems, '^', '$')) out.set(`b:${a}_${b}`, 1)
  for (const word of words) if (!NUMBER.test(word)) addCharNgrams(word, out, settings)
  for (const flag of extra) out.set(flag, 1)
  return out
}

/** Known features of a message, in extractFeatures' order: vocabulary indices and weights. */
export type KnownFeatures = { indices: number[], values: number[] }

/**
 * extractFeatures restricted to a fixed vocabulary (feature name → index), prepared once at
 * training time. Per message, building a name string for every feature and looking it up in the
 * vocabulary was the largest CPU and allocation cost of a turn; here the names are split into
 * per-kind maps once, and the char n-grams of every training word are looked up in advance.
 * Features come out with the same weights in the same first-seen order as extractFeatures (unknown
 * ones dropped), so the floating-point sums downstream, and so the predictions, are identical.
 */
export const compileFeatureExtractor = (vocabulary: Map<string, number>, trainingTexts: string[], settings = DEFAULT_FEATURE_SETTINGS):
  (text: string, lang: Lang, extra: string[], normalized?: string) => KnownFeatures => {
  const stemIndex = new Map<string, number>()
  const bigramIndex = new Map<string, Map<string, number>>()
  const charIndex = new Map<string, number>()
  for (const [name, index] of vocabulary) {
    const rest = name.slice(2)
    if (name.startsWith('w:')) {
      stemIndex.set(rest, index)
    } else if (name.startsWith('b:')) {
      // Stems are made of [a-z0-9] ("<num>", "^", "$" aside): the one "_" is the separator.
      const [a, b, ...more] = rest.split('_')
      if (b === undefined || more.length > 0) throw new Error(`unexpected bigram feature ${name}`)
      let second = bigramIndex.get(a)
      if (second === undefined) bigramIndex.set(a, second = new Map())
      second.set(b, index)
    } else if (name.startsWith('c:')) {
      charIndex.set(rest, index)
    }
  }

  // The known char n-grams of a word, in addCharNgrams' order.
  const charGramsOf = (word: string): number[] => {
    const padded = ` ${word} `
    const found: number[] = []
    for (const size of settings.charSizes) {
      for (let i = 0; i + size <= padded.length; i++) {
        const index = charIndex.get(padded.slice(i, i + size))
        if (index !== undefined) found.push(index)
      }
    }
    return found
  }
  // Words of the training data, prepared in advance; other words (typos, rare words) are done per message.
  const trainingCharGrams = new Map<string, number[]>()
  for (const text of trainingTexts) {
    for (const word of featureWords(text)) if (!trainingCharGrams.has(word)) trainingCharGrams.set(word, charGramsOf(word))
  }

  // Where each vocabulary index sits in the current message's output (-1: not yet seen). Reset after
  // each message; extraction is synchronous, so one buffer per classifier is enough.
  const slot = new Int32Array(vocabulary.size).fill(-1)

  // Map.set(name, 1): first-seen order, value 1. Made once here, not per message (tsx names every
  // function it makes with a property definition, a cost per message for a closure made there).
  const set = (out: KnownFeatures, index: number | undefined): void => {
    if (index === undefined) return
    if (slot[index] === -1) {
      slot[index] = out.indices.length
      out.indices.push(index)
      out.values.push(1)
    } else {
      out.values[slot[index]] = 1
    }
  }

  return (text, lang, extra, normalized) => {
    const out: KnownFeatures = { indices: [], values: [] }
    const words = featureWords(text, normalized)
    const stems = words.map(word => stemWord(word, lang))
    for (const stem of stems) set(out, stemIndex.get(stem))
    // natural's bigrams with '^'/'$' padding; with no words at all it yields ['^'] and ['$'] alone,
    // which extractFeatures names "b:^_undefined" and "b:$_undefined".
    if (stems.length === 0) {
      set(out, bigramIndex.get('^')?.get('undefined'))
      set(out, bigramIndex.get('$')?.get('undefined'))
    } else {
      let previous = '^'
      for (const stem of stems) {
        set(out, bigramIndex.get(previous)?.get(stem))
        previous = stem
      }
      set(out, bigramIndex.get(previous)?.get('$'))
    }
    // Map.set(name, (get ?? 0) + weight): the same additions, in the same order.
    for (const word of words) {
      if (NUMBER.test(word)) continue
      for (const index of trainingCharGrams.get(word) ?? charGramsOf(word)) {
        if (slot[index] === -1) {
          slot[index] = out.indices.length
          out.indices.push(index)
          out.values.push(settings.charWeight)
        } else {
          out.values[slot[index]] += settings.charWeight
        }
      }
    }
    for (const flag of extra) set(out, vocabulary.get(flag))
    for (const index of out.indices) slot[index] = -1
    return out
  }
}
