// TF-IDF vectors with cosine similarity over an inverted index: documents are short (one phrasing
// of a question), queries are one citizen message; a lookup walks only the postings of its features,
// in typed arrays (a turn must stay well under a millisecond: `npm run bench` measures it).
import type { Features } from './text-features.ts'

export type Vector = { features: Map<string, number>, norm: number }
/** Documents sharing a feature with the query, and their cosine with it (same order). */
export type Similarities = { docs: Int32Array, sims: Float64Array, size: number }

export type VectorIndex = {
  /** The query's TF-IDF vector (unknown features weigh like the rarest known ones, times unknownWeight, so off-topic words lower the score). */
  vectorize (features: Features): Vector
  similarities (query: Vector): Similarities
  docVector (doc: number): Vector
}

const norm = (features: Map<string, number>): number => {
  let sum = 0
  for (const w of features.values()) sum += w * w
  return Math.sqrt(sum)
}

// Character n-grams found in more than this share of documents say nothing about any of them
// (" de ", "tion"): they are left out of the postings, which keeps lookups short.
const COMMON_GRAM_SHARE = 0.05

/** Each document's features; `unknownWeight` scales the IDF given to a query feature no document has. */
export const buildVectorIndex = (docs: Features[], unknownWeight = 1): VectorIndex => {
  const df = new Map<string, number>()
  for (const doc of docs) for (const name of doc.keys()) df.set(name, (df.get(name) ?? 0) + 1)
  const idf = new Map<string, number>()
  const commonGram = Math.max(3, docs.length * COMMON_GRAM_SHARE)
  for (const [name, n] of df) idf.set(name, name.startsWith('c:') && n > commonGram ? 0 : Math.log(1 + docs.length / n))
  const unknownIdf = Math.log(1 + docs.length) * unknownWeight

  const weigh = (features: Features, unknown: number): Vector => {
    const out = new Map<string, number>()
    for (const [name, tf] of features) {
      const w = tf * (idf.get(name) ?? unknown)
      if (w > 0) out.set(name, w)
    }
    return { features: out, norm: norm(out) }
  }
  const vectors = docs.map(doc => weigh(doc, 0))

  // Postings as one flat array per feature id.
  const featureId = new Map<string, number>()
  const lists: { docs: number[], weights: number[] }[] = []
  vectors.forEach((v, doc) => {
    for (const [name, weight] of v.features) {
      let id = featureId.get(name)
      if (id === undefined) { featureId.set(name, id = lists.length); lists.push({ docs: [], weights: [] }) }
      lists[id].docs.push(doc)
      lists[id].weights.push(weight / (v.norm || 1))
    }
  })
  const postingDocs = lists.map(l => Int32Array.from(l.docs))
  const postingWeights = lists.map(l => Float64Array.from(l.weights))
  // Scratch space of one lookup (lookups are synchronous).
  const dots = new Float64Array(docs.length)
  const touched = new Int32Array(docs.length)

  return {
    vectorize: features => weigh(features, unknownIdf),
    similarities (query) {
      let size = 0
      if (query.norm > 0) {
        for (const [name, w] of query.features) {
          const id = featureId.get(name)
          if (id === undefined) continue
          const pd = postingDocs[id]
          const pw = postingWeights[id]
          for (let k = 0; k < pd.length; k++) {
            const d = pd[k]
            if (dots[d] === 0) touched[size++] = d
            dots[d] += w * pw[k]
          }
        }
      }
      const out: Similarities = { docs: touched.slice(0, size), sims: new Float64Array(size), size }
      for (let k = 0; k < size; k++) {
        const d = out.docs[k]
        out.sims[k] = dots[d] / query.norm
        dots[d] = 0
      }
      return out
    },
    docVector: doc => vectors[doc]
  }
}
