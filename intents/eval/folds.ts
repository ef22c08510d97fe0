// Stratified k-fold split with a fixed seed: every fold holds the same share of each intent,
// and the same folds are used for every model compared.
import { seededRandom } from '../softmax.ts'

/** Fold number (0..k-1) of each item, stratified by `labelOf`. */
export const stratifiedFolds = <T>(items: T[], labelOf: (item: T) => string, k: number, seed: number): number[] => {
  const random = seededRandom(seed)
  const byLabel = new Map<string, number[]>()
  items.forEach((item, i) => byLabel.set(labelOf(item), [...(byLabel.get(labelOf(item)) ?? []), i]))
  const folds = new Array<number>(items.length).fill(0)
  let offset = 0
  for (const indices of byLabel.values()) {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j], indices[i]]
    }
    // rotate the starting fold so small classes do not all land in fold 0
    indices.forEach((index, position) => { folds[index] = (position + offset) % k })
    offset += indices.length
  }
  return folds
}
