// Runs turns in batches, in arrival order: one batch at a time, at most one message per citizen
// in a batch, so a citizen's messages are answered one after the other and each turn sees what
// the previous one wrote (dialog state, tickets). Other citizens' messages share the batch.
// The cap of a batch, and why it is that size: src/db/batching.ts.
import { TURN_BATCH as MAX_BATCH } from '../db/batching.ts'

export type QueuedTurn = { messageId: number, citizenId: string }

export class TurnRunner {
  #queue: QueuedTurn[] = []
  #running: Promise<void> | undefined
  readonly #run: (batch: QueuedTurn[]) => Promise<void>

  /** `run` handles one batch; it must not throw (it logs and leaves messages for the next start). */
  constructor (run: (batch: QueuedTurn[]) => Promise<void>) {
    this.#run = run
  }

  push (turns: QueuedTurn[]): void {
    this.#queue.push(...turns)
    this.#running ??= this.#loop()
  }

  /** Resolves when every queued turn has run (tests, shutdown). */
  async idle (): Promise<void> {
    while (this.#running) await this.#running
  }

  async #loop (): Promise<void> {
    // Let the messages stored in this turn of the event loop join the first batch.
    await new Promise(resolve => setImmediate(resolve))
    try {
      while (this.#queue.length) await this.#run(this.#nextBatch())
    } finally {
      this.#running = undefined
    }
  }

  #nextBatch (): QueuedTurn[] {
    const batch: QueuedTurn[] = []
    const rest: QueuedTurn[] = []
    const citizens = new Set<string>()
    for (const turn of this.#queue) {
      // A citizen's later message waits for the next batch (and so, behind it, do their later ones).
      if (batch.length < MAX_BATCH && !citizens.has(turn.citizenId)) batch.push(turn)
      else rest.push(turn)
      citizens.add(turn.citizenId)
    }
    this.#queue = rest
    return batch
  }
}
