// The FAQ matcher (issue 15, item 5): scores a message against every phrasing of every entry and
// against each entry as a whole (its phrasings and answer), in French and English stemming, and
// returns the best entry with a confidence in [0, 1]. Pure: the caller passes the entries.
import type { Lang } from '../../src/domain.ts'
import { normalizeText } from '../normalize.ts'
import { featuresOf, type Features } from './text-features.ts'
import { buildVectorIndex, type VectorIndex } from './vector-index.ts'

/** What the matcher indexes: town FAQ entries and national fiches alike. */
export type MatchDoc = { id: string, phrasings: { fr: string[], en: string[] }, context?: { fr: string, en: string } }
export type Scored = { id: string, score: number }

export type MatcherSettings = {
  /** Share of the score from the best single phrasing; the rest from the entry as a whole. */
  phrasingWeight: number
  /** IDF weight of query words no entry has, relative to the rarest known word. */
  unknownWeight: number
  /** Below this score, no entry is returned. */
  threshold: number
  /** Weight of a word's character 4-grams (typos, missing accents) against the word itself. */
  charWeight: number
  /** Weight of the answer's words in the entry as a whole, against its questions' words. */
  contextWeight: number
}
export const DEFAULT_MATCHER_SETTINGS: MatcherSettings = { phrasingWeight: 0.6, unknownWeight: 0.3, threshold: 0.45, charWeight: 0.2, contextWeight: 0.5 }

export type Matcher = {
  /** The best entries, best first (at most `limit`), whatever their score. */
  rank (text: string, limit?: number, normalized?: string): Scored[]
  /** The best entry when its score reaches the threshold, else null. */
  best (text: string, normalized?: string): Scored | null
  readonly settings: MatcherSettings
}

const LANGS: Lang[] = ['fr', 'en']

export const buildMatcher = (docs: MatchDoc[], overrides: Partial<MatcherSettings> = {}): Matcher => {
  const settings = { ...DEFAULT_MATCHER_SETTINGS, ...overrides }
  const phrasingOwner: number[] = []
  const phrasingLang: Lang[] = []
  const phrasingFeatures: Features[] = []
  const contextFeatures: Features[] = [] // entry i, lang l → index 2i + (l === 'en' ? 1 : 0)
  docs.forEach((doc, i) => {
    for (const lang of LANGS) {
      const context: Features = new Map()
      for (const text of doc.phrasings[lang]) {
        const f = featuresOf(text, lang, undefined, settings.charWeight)
        phrasingOwner.push(i); phrasingLang.push(lang); phrasingFeatures.push(f)
        for (const [k, v] of f) context.set(k, (context.get(k) ?? 0) + v)
      }
      const extra = doc.context?.[lang]
      if (extra) for (const [k, v] of featuresOf(extra, lang, undefined, settings.charWeight)) context.set(k, (context.get(k) ?? 0) + v * settings.contextWeight)
      contextFeatures[2 * i + (lang === 'en' ? 1 : 0)] = context
    }
  })
  const phrasings: VectorIndex = buildVectorIndex(phrasingFeatures, settings.unknownWeight)
  const contexts: VectorIndex = buildVectorIndex(contextFeatures, settings.unknownWeight)

  const rank = (text: string, limit = 3, normalized = normalizeText(text)): Scored[] => {
    const best = new Float64Array(docs.length)
    for (const lang of LANGS) {
      const features = featuresOf(text, lang, normalized, settings.charWeight)
      const byPhrasing = new Float64Array(docs.length)
      for (const [p, sim] of phrasings.similarities(phrasings.vectorize(features))) {
        if (phrasingLang[p] !== lang) continue
        const owner = phrasingOwner[p]
        if (sim > byPhrasing[owner]) byPhrasing[owner] = sim
      }
      const byEntry = new Float64Array(docs.length)
      for (const [c, sim] of contexts.similarities(contexts.vectorize(features))) {
        if ((c % 2 === 1 ? 'en' : 'fr') === lang) byEntry[c >> 1] = sim
      }
      for (let i = 0; i < docs.length; i++) {
        const score = settings.phrasingWeight * byPhrasing[i] + (1 - settings.phrasingWeight) * byEntry[i]
        if (score > best[i]) best[i] = score
      }
    }
    const scored: Scored[] = []
    best.forEach((score, i) => { if (score > 0) scored.push({ id: docs[i].id, score }) })
    return scored.sort((a, b) => b.score - a.score).slice(0, limit)
  }

  return {
    rank,
    best (text, normalized) {
      const [top] = rank(text, 1, normalized)
      return top !== undefined && top.score >= settings.threshold ? top : null
    },
    settings
  }
}
