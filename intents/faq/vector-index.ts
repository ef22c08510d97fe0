// TF-IDF vectors with cosine similarity over an inverted index: documents are short (one phrasing
// of a question), queries are one citizen message; a lookup walks only the postings of its features,
// in typed arrays, without building a vector per query (a turn must stay well under a millisecond:
// `npm run bench` measures it). Documents may be split into partitions (a language): IDF is computed
// over all documents, a query walks the postings of one partition only.
import type { Features } from './text-features.ts'

export type Vector = { features: Map<string, number>, norm: number }
/** Documents sharing a feature with the query, and their cosine with it (same order). */
export type Similarities = { docs: Int32Array, sims: Float64Array, size: number }

export type VectorIndex = {
  /** The query's TF-IDF vector (unknown features weigh like the rarest known ones, times unknownWeight, so off-topic words lower the score). */
  vectorize (features: Features): Vector
  similarities (query: Vector): Similarities
  /**
   * The cosine of the query's features with every document of `partition` that shares one, passed to
   * `visit` (document, cosine); nothing is allocated. Same figures as similarities(vectorize(features)).
   */
  visitSimilar (features: Features, partition: number, visit: (doc: number, sim: number) => void): void
  /** The id of a feature some document has, or -1. */
  featureId (name: string): number
}

const norm = (features: Map<string, number>): number => {
  let sum = 0
  for (const w of features.values()) sum += w * w
  return Math.sqrt(sum)
}

// Character n-grams found in more than this share of documents say nothing about any of them
// (" de ", "tion"): they are left out of the postings, which keeps lookups short.
const COMMON_GRAM_SHARE = 0.05

/**
 * What a lookup needs, and nothing else: the index lives as long as the town's data or the process
 * (the intents' examples: 2,000 documents, one partition per intent and language), so the
 * documents' own vectors and the building's lists are not kept.
 * Postings are one pair of flat arrays for the whole index: slot k (a feature in a partition) is
 * docs/weights [starts[k], starts[k + 1]); slotOf[partition] maps a feature id to its slot.
 */
type Postings = { ids: Map<string, number>, idfs: Float64Array, partitions: number, slotOf: Map<number, number>[], starts: Int32Array, docs: Int32Array, weights: Float64Array }

function buildPostings (docs: Features[], partitionOf: (doc: number) => number): Postings {
  const df = new Map<string, number>()
  for (const doc of docs) for (const name of doc.keys()) df.set(name, (df.get(name) ?? 0) + 1)
  // Every feature some document has gets an id and its IDF.
  const ids = new Map<string, number>()
  const idfs = new Float64Array(df.size)
  const commonGram = Math.max(3, docs.length * COMMON_GRAM_SHARE)
  for (const [name, n] of df) {
    idfs[ids.size] = name.startsWith('c:') && n > commonGram ? 0 : Math.log(1 + docs.length / n)
    ids.set(name, ids.size)
  }
  const partitions = Math.max(1, ...docs.map((_, d) => partitionOf(d) + 1))
  const lists = Array.from({ length: partitions }, () => new Map<number, { docs: number[], weights: number[] }>())
  let total = 0
  docs.forEach((doc, d) => {
    const byFeature = lists[partitionOf(d)]
    const vector = weighWith(doc, ids, idfs, 0)
    for (const [name, weight] of vector.features) {
      const id = ids.get(name) as number
      let list = byFeature.get(id)
      if (list === undefined) byFeature.set(id, list = { docs: [], weights: [] })
      list.docs.push(d)
      list.weights.push(weight / (vector.norm || 1))
      total++
    }
  })
  const slotOf = lists.map(() => new Map<number, number>())
  const slots = lists.reduce((n, byFeature) => n + byFeature.size, 0)
  const starts = new Int32Array(slots + 1)
  const flatDocs = new Int32Array(total)
  const flatWeights = new Float64Array(total)
  let slot = 0
  let at = 0
  lists.forEach((byFeature, p) => {
    for (const [id, list] of byFeature) {
      slotOf[p].set(id, slot)
      starts[slot++] = at
      flatDocs.set(list.docs, at)
      flatWeights.set(list.weights, at)
      at += list.docs.length
    }
  })
  starts[slot] = at
  return { ids, idfs, partitions, slotOf, starts, docs: flatDocs, weights: flatWeights }
}

function weighWith (features: Features, ids: Map<string, number>, idfs: Float64Array, unknown: number): Vector {
  const out = new Map<string, number>()
  for (const [name, tf] of features) {
    const id = ids.get(name)
    const w = tf * (id === undefined ? unknown : idfs[id])
    if (w > 0) out.set(name, w)
  }
  return { features: out, norm: norm(out) }
}

/**
 * Each document's features; `unknownWeight` scales the IDF given to a query feature no document has;
 * `partitionOf` puts each document in a partition (0 when not given).
 */
export const buildVectorIndex = (docs: Features[], unknownWeight = 1, partitionOf: (doc: number) => number = () => 0): VectorIndex => {
  const { ids, idfs, partitions, slotOf, starts, docs: postedDocs, weights } = buildPostings(docs, partitionOf)
  const unknownIdf = Math.log(1 + docs.length) * unknownWeight
  // Scratch space of one lookup (lookups are synchronous).
  const dots = new Float64Array(docs.length)
  const touched = new Int32Array(docs.length)

  // Adds `w` times one slot's postings to `dots`, noting documents touched for the first time; returns the new count.
  const addPostings = (slot: number | undefined, w: number, size: number): number => {
    if (slot === undefined) return size
    for (let k = starts[slot], end = starts[slot + 1]; k < end; k++) {
      const d = postedDocs[k]
      if (dots[d] === 0) touched[size++] = d
      dots[d] += w * weights[k]
    }
    return size
  }

  // Accumulates dot products into `dots`, returns [number of documents touched, query norm].
  const accumulate = (features: Features, partition: number | null): [number, number] => {
    let size = 0
    let sumSquares = 0
    for (const [name, tf] of features) {
      const id = ids.get(name)
      const w = tf * (id === undefined ? unknownIdf : idfs[id])
      if (w <= 0) continue
      sumSquares += w * w
      if (id === undefined) continue
      for (let p = partition ?? 0; p < (partition === null ? partitions : partition + 1); p++) size = addPostings(slotOf[p].get(id), w, size)
    }
    return [size, Math.sqrt(sumSquares)]
  }

  return {
    vectorize: features => weighWith(features, ids, idfs, unknownIdf),
    similarities (query) {
      let size = 0
      if (query.norm > 0) {
        for (const [name, w] of query.features) {
          const id = ids.get(name)
          if (id === undefined) continue
          for (let p = 0; p < partitions; p++) size = addPostings(slotOf[p].get(id), w, size)
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
    visitSimilar (features, partition, visit) {
      const [size, queryNorm] = accumulate(features, partition)
      for (let k = 0; k < size; k++) {
        const d = touched[k]
        const sim = dots[d] / queryNorm
        dots[d] = 0
        visit(d, sim)
      }
    },
    featureId: name => ids.get(name) ?? -1
  }
}
