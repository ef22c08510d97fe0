// Takes work together: the items pushed during one turn of the event loop, and while the
// previous batch runs, are handed over as one batch (at most `maxBatch`), in the order pushed.
// At low load a batch is one item and nothing waits. Used where one round trip for many items
// is much cheaper than one per item (storing messages, committing).
export type Settled<R> = PromiseSettledResult<R>

export const fulfilled = <R>(value: R): Settled<R> => ({ status: 'fulfilled', value })
export const rejected = <R>(reason: unknown): Settled<R> => ({ status: 'rejected', reason })

type Pending<T, R> = { item: T, resolve: (value: R) => void, reject: (error: unknown) => void }

export class BatchQueue<T, R> {
  #queue: Pending<T, R>[] = []
  #flushing = false
  readonly #maxBatch: number
  readonly #handle: (items: T[]) => Promise<Settled<R>[]>

  /** `handle` settles each item of a batch on its own (one result per item, in order). */
  constructor (maxBatch: number, handle: (items: T[]) => Promise<Settled<R>[]>) {
    this.#maxBatch = maxBatch
    this.#handle = handle
  }

  push (item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject })
      // setImmediate, not now: what else is read in this turn of the event loop joins the batch.
      if (!this.#flushing) { this.#flushing = true; setImmediate(() => void this.#flush()) }
    })
  }

  async #flush (): Promise<void> {
    try {
      while (this.#queue.length) {
        const batch = this.#queue.splice(0, this.#maxBatch)
        let outcomes: Settled<R>[]
        try {
          outcomes = await this.#handle(batch.map(p => p.item))
        } catch (error) {
          outcomes = batch.map(() => rejected<R>(error))
        }
        batch.forEach((p, i) => {
          const outcome = outcomes[i]
          if (outcome.status === 'fulfilled') p.resolve(outcome.value)
          else p.reject(outcome.reason)
        })
      }
    } finally {
      this.#flushing = false
    }
  }
}
