// Groups the questions the assistant did not understand (issue 15, item 6) by similarity: the FAQ
// matcher's TF-IDF vectors, then single-link agglomerative grouping cut at a cosine threshold.
import type { Lang } from '../../src/domain.ts'
import { normalizeText } from '../normalize.ts'
import { featuresOf } from './text-features.ts'
import { buildVectorIndex } from './vector-index.ts'

export type Question = { id: number, text: string, lang: Lang, at: Date }
export type QuestionGroup = { id: string, count: number, examples: string[], langs: Record<Lang, number>, lastAt: Date, members: Question[] }

/** Two questions this similar (cosine) end up in the same group. */
export const GROUP_SIMILARITY = 0.45
const EXAMPLES = 5

/**
 * `background`: other texts of the same kind (the classifier's examples), so that word weights do not
 * come from a handful of questions alone (with three questions about "la fibre", "fibre" would weigh least).
 */
export const groupQuestions = (questions: Question[], background: { text: string, lang: Lang }[] = [], similarity = GROUP_SIMILARITY): QuestionGroup[] => {
  // The same words asked again are one point of the grouping.
  const byText = new Map<string, Question[]>()
  for (const q of questions) {
    const key = normalizeText(q.text)
    if (key === '') continue
    const same = byText.get(key)
    if (same === undefined) byText.set(key, [q])
    else same.push(q)
  }
  const points = [...byText.values()]
  // Copied: featuresOf keeps its last result and may hand the same map out again.
  const features = [...points.map(([q]) => new Map(featuresOf(q.text, q.lang))), ...background.map(b => new Map(featuresOf(b.text, b.lang)))]
  const index = buildVectorIndex(features)
  const parent = points.map((_, i) => i)
  const root = (i: number): number => { while (parent[i] !== i) i = parent[i] = parent[parent[i]]; return i }
  points.forEach((_, i) => {
    // A document's own features are all known to the index: vectorize weighs them as the index did.
    const found = index.similarities(index.vectorize(features[i]))
    for (let k = 0; k < found.size; k++) {
      const j = found.docs[k]
      if (j > i && j < points.length && found.sims[k] >= similarity) parent[root(j)] = root(i)
    }
  })
  const groups = new Map<number, Question[]>()
  points.forEach((members, i) => {
    const r = root(i)
    groups.set(r, [...(groups.get(r) ?? []), ...members])
  })
  return [...groups.values()].map(members => {
    members.sort((a, b) => b.at.getTime() - a.at.getTime())
    const examples = [...new Set(members.map(m => m.text.trim()))].slice(0, EXAMPLES)
    return {
      id: `g${Math.min(...members.map(m => m.id))}`,
      count: members.length,
      examples,
      langs: { fr: members.filter(m => m.lang === 'fr').length, en: members.filter(m => m.lang === 'en').length },
      lastAt: members[0].at,
      members
    }
  }).sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime())
}
