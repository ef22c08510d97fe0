// Counters in the database, so that every instance sees the same ones (issue 19): the login
// throttle's failures and the rate limits' windows. A counter is forgotten when its time has
// passed, never because the table is full (a full in-memory table used to be wiped, which let
// someone rotating forged addresses reset the throttle). The statements: src/db/rate-counters.ts.
import type { DbOrTx, Transaction } from '../db/transaction.ts'
import { deleteCounter, deleteExpiredCounters, hitCounter, readCounter, type Counter } from '../db/rate-counters.ts'

export type { Counter }

const SWEEP_EVERY = 500 // hits between two deletions of expired rows, per instance

/** The database outside any transaction: a Store, or the client itself where one is at hand (src/auth, tests). */
type Counted = Exclude<DbOrTx, Transaction>

export class SharedCounters {
  readonly #store: Counted
  #hits = 0

  constructor (store: Counted) {
    this.#store = store
  }

  /**
   * Counts one more hit on `key`. `fixed`: a window of `ttlMs` from the first hit (rate limits);
   * `sliding`: the count lives `ttlMs` after the last hit, and windowStart is that last hit (throttle).
   */
  async hit (key: string, ttlMs: number, mode: 'fixed' | 'sliding', now = new Date()): Promise<Counter> {
    if (++this.#hits % SWEEP_EVERY === 0) await this.sweep(now)
    return hitCounter(this.#store, key, ttlMs, mode, now)
  }

  async read (key: string, now = new Date()): Promise<Counter | undefined> {
    return readCounter(this.#store, key, now)
  }

  async reset (...keys: string[]): Promise<void> {
    for (const key of keys) await deleteCounter(this.#store, key)
  }

  async sweep (now = new Date()): Promise<number> {
    return deleteExpiredCounters(this.#store, now)
  }
}
