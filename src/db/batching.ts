// The batching policy of the message hot path, in one place (issue 21). Everything that takes
// work together uses the sizes below; src/db/group-commit.ts owns commit grouping.
//
// Why batches at all: a statement through Prisma's model API costs 0.15–0.4 ms of CPU whatever
// its size, and a commit on SQLite writes every page the transaction changed; a message handled
// statement by statement (about 35 of them: store, turn, outbox) cost 12–16 ms of CPU. So:
// - inbound messages that arrive while a store runs are stored together by the next one, with a
//   few multi-row statements (up to INBOUND_BATCH messages);
// - turns run in batches of up to TURN_BATCH, never two messages of one citizen in a batch (so
//   each turn sees what the previous one wrote; src/core/turn-runner.ts). A backlog must drain
//   faster than messages arrive: at 2,000 messages/s batches capped at 100 could not once a
//   batch took over 50 ms (the bench's full-path p99 went from 37–49 ms to 100–280 ms); the
//   answers in a batch let HTTP requests in between, so a bigger cap costs little;
// - the outbox claims and records up to OUTBOX_BATCH rows at a time;
// - the writes of those three steps that are ready at the same moment share one commit (up to
//   COMMIT_GROUP pieces): a message's inbound row, its reply and their conversation share pages.
// At low load a batch is one item and nothing waits: a batch is what queued during one turn of
// the event loop, or while the previous batch ran (setImmediate, never a timer).
export const INBOUND_BATCH = 200
export const TURN_BATCH = 400
export const OUTBOX_BATCH = 500
export const COMMIT_GROUP = 32

// BatchQueue takes work together: the items pushed during one turn of the event loop, and while
// the previous batch runs, are handed over as one batch (at most `maxBatch`), in the order pushed.
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
