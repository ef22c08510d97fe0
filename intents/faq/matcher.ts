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
  // With phrasingWeight 1 the entry as a whole does not count: no second index to build and query.
  const contexts: VectorIndex | null = settings.phrasingWeight < 1 ? buildVectorIndex(contextFeatures, settings.unknownWeight) : null

  // Languages some document has: fiches are French only, no need to stem the message in English for them.
  const langs = LANGS.filter(lang => docs.some(doc => doc.phrasings[lang].length > 0))
  const best = new Float64Array(docs.length)
  const byPhrasing = new Float64Array(docs.length)
  const byEntry = new Float64Array(docs.length)

  const rank = (text: string, limit = 3, normalized = normalizeText(text)): Scored[] => {
    best.fill(0)
    for (const lang of langs) {
      const features = featuresOf(text, lang, normalized, settings.charWeight)
      byPhrasing.fill(0)
      byEntry.fill(0)
      const p = phrasings.similarities(phrasings.vectorize(features))
      for (let k = 0; k < p.size; k++) {
        const doc = p.docs[k]
        if (phrasingLang[doc] !== lang) continue
        const owner = phrasingOwner[doc]
        if (p.sims[k] > byPhrasing[owner]) byPhrasing[owner] = p.sims[k]
      }
      const c = contexts?.similarities(contexts.vectorize(features)) ?? { docs: new Int32Array(0), sims: new Float64Array(0), size: 0 }
      for (let k = 0; k < c.size; k++) {
        const doc = c.docs[k]
        if ((doc % 2 === 1 ? 'en' : 'fr') === lang) byEntry[doc >> 1] = c.sims[k]
      }
      for (let i = 0; i < docs.length; i++) {
        const score = settings.phrasingWeight * byPhrasing[i] + (1 - settings.phrasingWeight) * byEntry[i]
        if (score > best[i]) best[i] = score
      }
    }
    // The best `limit` documents, without sorting them all.
    const top: Scored[] = []
    for (let i = 0; i < docs.length; i++) {
      const score = best[i]
      if (score <= 0 || (top.length === limit && score <= top[limit - 1].score)) continue
      let at = top.length === limit ? limit - 1 : top.length
      while (at > 0 && top[at - 1].score < score) { top[at] = top[at - 1]; at-- }
      top[at] = { id: docs[i].id, score }
    }
    return top
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
