// The FAQ matcher (issue 15, item 5): scores a message against every phrasing of every entry and
// against each entry as a whole (its phrasings and answer), in French and English stemming, and
// returns the best entry with a confidence in [0, 1]. Pure: the caller passes the entries.
import type { Lang } from '../../src/domain.ts'
import { normalizeText } from '../normalize.ts'
import { featuresOf, type Features } from './text-features.ts'
import { buildVectorIndex, type VectorIndex } from './vector-index.ts'

/** What the matcher indexes: town FAQ entries and national fiches alike. */
export type MatchDoc = { id: string, phrasings: { fr: string[], en: string[] }, context?: { fr: string, en: string } }
/** score: the blend of the best phrasing and the entry as a whole; phrasing: the best phrasing's cosine alone. */
export type Scored = { id: string, score: number, phrasing: number }

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
  /** The score of one document alone (0 when unknown); cheap only with the byDoc option. */
  scoreOf (id: string, text: string, normalized?: string): number
  /** The share of the message's words (stems, either language's stemming, the better) that a document has in its phrasings or context. */
  coverage (id: string, text: string, normalized?: string): number
  readonly settings: MatcherSettings
}

const LANGS: Lang[] = ['fr', 'en']
const PARTITION: Record<Lang, number> = { fr: 0, en: 1 }

/** byDoc: postings split by document too, so scoreOf walks one document's postings only (few documents with many phrasings: the intents' examples). */
/**
 * The two indexes and each document's words. Apart from buildMatcher so that the documents'
 * features, used only to build them, are not kept alive by the matcher's closures.
 */
function indexDocs (docs: MatchDoc[], settings: MatcherSettings, byDoc: boolean) {
  const phrasingOwner: number[] = []
  const phrasingLang: Lang[] = []
  const phrasingFeatures: Features[] = []
  const contextFeatures: Features[] = [] // entry i, lang l → index 2i + (l === 'en' ? 1 : 0)
  docs.forEach((doc, i) => {
    for (const lang of LANGS) {
      const context: Features = new Map()
      for (const text of doc.phrasings[lang]) {
        // Copied: featuresOf keeps its last result and may hand the same map out again.
        const f = new Map(featuresOf(text, lang, undefined, settings.charWeight))
        phrasingOwner.push(i); phrasingLang.push(lang); phrasingFeatures.push(f)
        for (const [k, v] of f) context.set(k, (context.get(k) ?? 0) + v)
      }
      const extra = doc.context?.[lang]
      if (extra) for (const [k, v] of featuresOf(extra, lang, undefined, settings.charWeight)) context.set(k, (context.get(k) ?? 0) + v * settings.contextWeight)
      contextFeatures[2 * i + (lang === 'en' ? 1 : 0)] = context
    }
  })
  // Both indexes are split by language: a message stemmed in French is compared with French phrasings only.
  const phrasings: VectorIndex = buildVectorIndex(phrasingFeatures, settings.unknownWeight,
    byDoc ? doc => 2 * phrasingOwner[doc] + PARTITION[phrasingLang[doc]] : doc => PARTITION[phrasingLang[doc]])
  // With phrasingWeight 1 the entry as a whole does not count: no second index to build and query.
  const contexts: VectorIndex | null = settings.phrasingWeight < 1 ? buildVectorIndex(contextFeatures, settings.unknownWeight, byDoc ? doc => doc : doc => doc % 2) : null
  // Each document's words, per language, for coverage().
  const words = docs.map((_, i) => LANGS.map(lang => new Set([...contextFeatures[2 * i + (lang === 'en' ? 1 : 0)].keys()].filter(k => k.startsWith('w:')))))
  return { phrasingOwner: Int32Array.from(phrasingOwner), phrasings, contexts, words }
}

/** byDoc: postings split by document too, so scoreOf walks one document's postings only (few documents with many phrasings: the intents' examples). */
export const buildMatcher = (docs: MatchDoc[], overrides: Partial<MatcherSettings> = {}, { byDoc = false } = {}): Matcher => {
  const settings = { ...DEFAULT_MATCHER_SETTINGS, ...overrides }
  const { phrasingOwner, phrasings, contexts, words } = indexDocs(docs, settings, byDoc)
  const ids = docs.map(doc => doc.id)
  const indexOf = new Map(ids.map((id, i) => [id, i]))

  // Languages some document has: fiches are French only, no need to stem the message in English for them.
  const langs = LANGS.filter(lang => docs.some(doc => doc.phrasings[lang].length > 0))
  const count = ids.length
  const best = new Float64Array(count)
  const bestPhrasing = new Float64Array(count)
  const byPhrasing = new Float64Array(count)
  const byEntry = new Float64Array(count)
  const phrasingWeight = settings.phrasingWeight
  const onPhrasing = (doc: number, sim: number) => {
    const owner = phrasingOwner[doc]
    if (sim > byPhrasing[owner]) byPhrasing[owner] = sim
  }
  const onEntry = (doc: number, sim: number) => { byEntry[doc >> 1] = sim }

  const scoreOf = (id: string, text: string, normalized = normalizeText(text)): number => {
    const i = indexOf.get(id)
    if (i === undefined) return 0
    let out = 0
    for (const lang of langs) {
      const features = featuresOf(text, lang, normalized, settings.charWeight)
      if (features.size === 0) continue
      byPhrasing[i] = 0
      byEntry[i] = 0
      const partition = 2 * i + PARTITION[lang]
      if (phrasingWeight > 0) phrasings.visitSimilar(features, byDoc ? partition : PARTITION[lang], onPhrasing)
      contexts?.visitSimilar(features, byDoc ? partition : PARTITION[lang], onEntry)
      out = Math.max(out, phrasingWeight * byPhrasing[i] + (1 - phrasingWeight) * byEntry[i])
    }
    return out
  }

  const rank = (text: string, limit = 3, normalized = normalizeText(text)): Scored[] => {
    best.fill(0)
    bestPhrasing.fill(0)
    for (const lang of langs) {
      const features = featuresOf(text, lang, normalized, settings.charWeight)
      if (features.size === 0) continue
      byPhrasing.fill(0)
      byEntry.fill(0)
      if (phrasingWeight > 0) phrasings.visitSimilar(features, PARTITION[lang], onPhrasing)
      contexts?.visitSimilar(features, PARTITION[lang], onEntry)
      for (let i = 0; i < count; i++) {
        const score = phrasingWeight * byPhrasing[i] + (1 - phrasingWeight) * byEntry[i]
        if (score > best[i]) best[i] = score
        if (byPhrasing[i] > bestPhrasing[i]) bestPhrasing[i] = byPhrasing[i]
      }
    }
    // The best `limit` documents, without sorting them all.
    const top: Scored[] = []
    for (let i = 0; i < count; i++) {
      const score = best[i]
      if (score <= 0 || (top.length === limit && score <= top[limit - 1].score)) continue
      let at = top.length === limit ? limit - 1 : top.length
      while (at > 0 && top[at - 1].score < score) { top[at] = top[at - 1]; at-- }
      top[at] = { id: ids[i], score, phrasing: bestPhrasing[i] }
    }
    return top
  }

  return {
    rank,
    scoreOf,
    best (text, normalized) {
      const [top] = rank(text, 1, normalized)
      return top !== undefined && top.score >= settings.threshold ? top : null
    },
    coverage (id, text, normalized = normalizeText(text)) {
      const i = indexOf.get(id)
      if (i === undefined) return 0
      let share = 0
      LANGS.forEach((lang, l) => {
        let all = 0
        let known = 0
        for (const name of featuresOf(text, lang, normalized, settings.charWeight).keys()) {
          if (!name.startsWith('w:')) continue
          all++
          if (words[i][l].has(name)) known++
        }
        if (all > 0 && known / all > share) share = known / all
      })
      return share
    },
    settings
  }
}
