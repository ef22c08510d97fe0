// TF-IDF vectors with cosine similarity over an inverted index: documents are short (one phrasing
// of a question), queries are one citizen message; a lookup walks only the postings of its features.
import type { Features } from './text-features.ts'

export type Vector = { features: Map<string, number>, norm: number }
type Posting = { doc: number, weight: number }

export type VectorIndex = {
  /** The query's TF-IDF vector (unknown features weigh like the rarest known ones, so off-topic words lower the score). */
  vectorize (features: Features): Vector
  /** Cosine of the query with every document sharing a feature: doc number → similarity. */
  similarities (query: Vector): Map<number, number>
  cosine (a: Vector, b: Vector): number
  docVector (doc: number): Vector
}

const norm = (features: Map<string, number>): number => {
  let sum = 0
  for (const w of features.values()) sum += w * w
  return Math.sqrt(sum)
}

/** Each document's features; `unknownWeight` scales the IDF given to a query feature no document has. */
export const buildVectorIndex = (docs: Features[], unknownWeight = 1): VectorIndex => {
  const df = new Map<string, number>()
  for (const doc of docs) for (const name of doc.keys()) df.set(name, (df.get(name) ?? 0) + 1)
  const idf = new Map<string, number>()
  for (const [name, n] of df) idf.set(name, Math.log(1 + docs.length / n))
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
  const postings = new Map<string, Posting[]>()
  vectors.forEach((v, doc) => {
    for (const [name, weight] of v.features) {
      let list = postings.get(name)
      if (list === undefined) postings.set(name, list = [])
      list.push({ doc, weight })
    }
  })

  const cosine = (a: Vector, b: Vector): number => {
    if (a.norm === 0 || b.norm === 0) return 0
    const [small, large] = a.features.size <= b.features.size ? [a, b] : [b, a]
    let dot = 0
    for (const [name, w] of small.features) dot += w * (large.features.get(name) ?? 0)
    return dot / (a.norm * b.norm)
  }

  return {
    vectorize: features => weigh(features, unknownIdf),
    similarities (query) {
      const dots = new Map<number, number>()
      if (query.norm === 0) return dots
      for (const [name, w] of query.features) {
        for (const p of postings.get(name) ?? []) dots.set(p.doc, (dots.get(p.doc) ?? 0) + w * p.weight)
      }
      for (const [doc, dot] of dots) dots.set(doc, dot / (query.norm * vectors[doc].norm))
      return dots
    },
    cosine,
    docVector: doc => vectors[doc]
  }
}
