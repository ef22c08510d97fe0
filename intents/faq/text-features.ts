// The FAQ matcher's view of a text: content words (stopwords out, a few synonyms folded into one
// concept), stemmed for the text's language, plus character 4-grams of each word for typos and
// missing accents. Weights are term counts; IDF and cosine are in ./vector-index.ts.
import stemmerFr from 'natural/lib/natural/stemmers/porter_stemmer_fr.js'
import stemmerEn from 'natural/lib/natural/stemmers/porter_stemmer.js'
import type { Lang } from '../../src/domain.ts'
import { normalizeText, tokenize } from '../normalize.ts'
import { STOPWORDS, SYNONYMS, SYNONYMS_BY_LANG } from './lexicon.ts'

export type Features = Map<string, number>

const CHAR_GRAM = 4
export const CHAR_WEIGHT = 0.2
const stemCache: Record<Lang, Map<string, string>> = { fr: new Map(), en: new Map() }

const stem = (word: string, lang: Lang): string => {
  if (word.startsWith('=') || word.length <= 3) return word
  const cache = stemCache[lang]
  let s = cache.get(word)
  if (s === undefined) {
    s = lang === 'fr' ? stemmerFr.stem(word) : stemmerEn.stem(word)
    if (cache.size < 50_000) cache.set(word, s)
  }
  return s
}

/** Content words of a normalised text read in a language, synonyms replaced by their concept ("=price"). */
export const contentWords = (normalized: string, lang: Lang): string[] => {
  const words: string[] = []
  const tokens = tokenize('', normalized)
  const byLang = SYNONYMS_BY_LANG[lang]
  for (let i = 0; i < tokens.length; i++) {
    // Two-word synonyms first ("combien coute", "carte vitale").
    const two = i + 1 < tokens.length ? `${tokens[i]} ${tokens[i + 1]}` : undefined
    const pair = two === undefined ? undefined : byLang.get(two) ?? SYNONYMS.get(two)
    if (pair !== undefined) { words.push(pair); i++; continue }
    const word = tokens[i]
    const concept = byLang.get(word) ?? SYNONYMS.get(word)
    if (concept !== undefined) words.push(concept)
    else if (!STOPWORDS.has(word) && !/^\d+$/.test(word)) words.push(word)
  }
  return words
}

// The town's entries and the fiches look at the same message in turn: its last features per language are kept (read-only).
const last: Record<Lang, { normalized: string, charWeight: number, features: Features } | null> = { fr: null, en: null }
// A word's feature names (its stem, then its character 4-grams), kept per language: a message's words are mostly known ones.
const wordCache: Record<Lang, Map<string, string[]>> = { fr: new Map(), en: new Map() }

const wordFeatures = (word: string, lang: Lang): string[] => {
  const cache = wordCache[lang]
  let names = cache.get(word)
  if (names !== undefined) return names
  names = [`w:${stem(word, lang)}`]
  if (!word.startsWith('=')) {
    const padded = ` ${word} `
    for (let i = 0; i + CHAR_GRAM <= padded.length; i++) names.push(`c:${padded.slice(i, i + CHAR_GRAM)}`)
  }
  if (cache.size < 50_000) cache.set(word, names)
  return names
}

export const featuresOf = (text: string, lang: Lang, normalized = normalizeText(text), charWeight = CHAR_WEIGHT): Features => {
  const hit = last[lang]
  if (hit !== null && hit.normalized === normalized && hit.charWeight === charWeight) return hit.features
  const out: Features = new Map()
  last[lang] = { normalized, charWeight, features: out }
  for (const word of contentWords(normalized, lang)) {
    const names = wordFeatures(word, lang)
    out.set(names[0], (out.get(names[0]) ?? 0) + 1)
    for (let i = 1; i < names.length; i++) out.set(names[i], (out.get(names[i]) ?? 0) + charWeight)
  }
  return out
}
