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
const stemCache = new Map<string, string>()

const stemWord = (word: string, lang: Lang): string => {
  if (/^\d+$/.test(word)) return '<num>'
  if (word.length <= 3) return word
  const key = `${lang}:${word}`
  let stem = stemCache.get(key)
  if (stem === undefined) {
    stem = lang === 'fr' ? stemmerFr.stem(word) : stemmerEn.stem(word)
    if (stemCache.size < 200_000) stemCache.set(key, stem)
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

const withoutPoliteness = (words: string[]): string[] => {
  const content = words.filter(word => !POLITENESS.has(word))
  return content.length >= MIN_CONTENT_WORDS ? content : words
}

/** Feature name → weight, before vectorisation. `extra` adds flags such as "x:ref". */
export const extractFeatures = (text: string, lang: Lang, extra: string[] = [], settings = DEFAULT_FEATURE_SETTINGS): Map<string, number> => {
  const out = new Map<string, number>()
  const words = withoutPoliteness(tokenize(text))
  const stems = words.map(word => stemWord(word, lang))
  for (const stem of stems) out.set(`w:${stem}`, 1)
  for (const [a, b] of ngrams.bigrams(stems, '^', '$')) out.set(`b:${a}_${b}`, 1)
  for (const word of words) if (!/^\d+$/.test(word)) addCharNgrams(word, out, settings)
  for (const flag of extra) out.set(flag, 1)
  return out
}
