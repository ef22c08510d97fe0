// Multinomial logistic regression over sparse vectors, trained with AdaGrad.
// natural's LogisticRegressionClassifier is one-vs-rest and too slow to train at start
// (minutes on ~1,500 examples); this one trains in well under a second and its softmax
// output is a usable probability for the clarification threshold.

export type SparseVector = { indices: Int32Array, values: Float64Array }

export type SoftmaxOptions = { epochs: number, learningRate: number, l2: number, seed: number }

export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxOptions = { epochs: 10, learningRate: 0.5, l2: 1e-5, seed: 42 }

/** Deterministic PRNG (mulberry32) so training and folds are reproducible. */
export const seededRandom = (seed: number): () => number => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class SoftmaxModel {
  readonly weights: Float64Array
  readonly bias: Float64Array
  /** The probabilities of the current training step: one buffer for all of them. */
  private readonly stepScores: Float64Array

  constructor (readonly featureCount: number, readonly classCount: number) {
    this.weights = new Float64Array(featureCount * classCount)
    this.bias = new Float64Array(classCount)
    this.stepScores = new Float64Array(classCount)
  }

  /** Class probabilities; `temperature` > 1 flattens them (calibration). */
  predict (x: SparseVector, temperature = 1): Float64Array {
    return this.predictInto(new Float64Array(this.classCount), x.indices, x.values, x.indices.length, 1, temperature)
  }

  /**
   * predict() into `out`, for the first `length` features, each value divided by `divisor` (1: as
   * given; dividing by 1 changes no double, so predict and training get the very same figures).
   * Classifying a message and each training step used to allocate a vector and the scores: a turn
   * and the training at start now fill buffers that are kept.
   */
  predictInto (out: Float64Array, indices: ArrayLike<number>, values: ArrayLike<number>, length: number, divisor: number, temperature = 1): Float64Array {
    const c = this.classCount
    const scores = out
    scores.set(this.bias)
    const weights = this.weights
    for (let k = 0; k < length; k++) {
      const base = indices[k] * c
      const v = values[k] / divisor
      for (let j = 0; j < c; j++) scores[j] += weights[base + j] * v
    }
    let max = -Infinity
    for (let j = 0; j < c; j++) max = Math.max(max, scores[j] / temperature)
    let sum = 0
    for (let j = 0; j < c; j++) { scores[j] = Math.exp(scores[j] / temperature - max); sum += scores[j] }
    for (let j = 0; j < c; j++) scores[j] /= sum
    return scores
  }

  train (xs: SparseVector[], ys: number[], options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS): void {
    // Row-wise AdaGrad: one accumulator per feature (not per weight) divides the square roots
    // by the class count, which keeps training at start well under the 2 s budget.
    const rowGradSq = new Float64Array(this.featureCount).fill(1e-8)
    const biasGradSq = new Float64Array(this.classCount).fill(1e-8)
    const order = xs.map((_, i) => i)
    const random = seededRandom(options.seed)
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]]
      }
      for (const i of order) this.step(xs[i], ys[i], options, rowGradSq, biasGradSq)
    }
  }

  private step (x: SparseVector, y: number, options: SoftmaxOptions, rowGradSq: Float64Array, biasGradSq: Float64Array): void {
    const c = this.classCount
    const p = this.predictInto(this.stepScores, x.indices, x.values, x.indices.length, 1)
    p[y] -= 1
    let errorSq = 0
    for (let j = 0; j < c; j++) {
      errorSq += p[j] * p[j]
      biasGradSq[j] += p[j] * p[j]
      this.bias[j] -= options.learningRate * p[j] / Math.sqrt(biasGradSq[j])
    }
    for (let k = 0; k < x.indices.length; k++) {
      const row = x.indices[k]
      const base = row * c
      const v = x.values[k]
      rowGradSq[row] += errorSq * v * v / c
      const rate = options.learningRate / Math.sqrt(rowGradSq[row])
      for (let j = 0; j < c; j++) {
        const w = base + j
        this.weights[w] -= rate * (p[j] * v + options.l2 * this.weights[w])
      }
    }
  }
}
