// Counters in the database, so that every instance sees the same ones (issue 19): the login
// throttle's failures and the rate limits' windows. A counter is forgotten when its time has
// passed, never because the table is full (a full in-memory table used to be wiped, which let
// someone rotating forged addresses reset the throttle).
import type { Db } from '../db/client.ts'
import { asDate, sqlOf } from '../db/sql.ts'
import type { Store } from '../db/transaction.ts'

export type Counter = { count: number, windowStart: Date, expiresAt: Date }

// Both SQLite and PostgreSQL evaluate SET against the old row: one statement, no race between instances.
const UPSERT = (slide: boolean) => `INSERT INTO "ThrottleCounter" ("key", "count", "windowStart", "expiresAt") VALUES (?, 1, ?, ?)
ON CONFLICT ("key") DO UPDATE SET
  "count" = CASE WHEN "ThrottleCounter"."expiresAt" <= ? THEN 1 ELSE "ThrottleCounter"."count" + 1 END,
  "windowStart" = CASE WHEN "ThrottleCounter"."expiresAt" <= ? ${slide ? 'OR TRUE' : ''} THEN excluded."windowStart" ELSE "ThrottleCounter"."windowStart" END,
  "expiresAt" = CASE WHEN "ThrottleCounter"."expiresAt" <= ? ${slide ? 'OR TRUE' : ''} THEN excluded."expiresAt" ELSE "ThrottleCounter"."expiresAt" END
RETURNING "count", "windowStart", "expiresAt"`
const FIXED = UPSERT(false)
const SLIDING = UPSERT(true)
const SWEEP_EVERY = 500 // hits between two deletions of expired rows, per instance

export class SharedCounters {
  readonly #db: Db
  #hits = 0

  constructor (db: Db | Store) {
    this.#db = db as Db
  }

  /**
   * Counts one more hit on `key`. `fixed`: a window of `ttlMs` from the first hit (rate limits);
   * `sliding`: the count lives `ttlMs` after the last hit, and windowStart is that last hit (throttle).
   */
  async hit (key: string, ttlMs: number, mode: 'fixed' | 'sliding', now = new Date()): Promise<Counter> {
    if (++this.#hits % SWEEP_EVERY === 0) await this.sweep(now)
    const [row] = await sqlOf(this.#db).all(mode === 'fixed' ? FIXED : SLIDING, [key, now, new Date(now.getTime() + ttlMs), now, now, now])
    return toCounter(row!)
  }

  async read (key: string, now = new Date()): Promise<Counter | undefined> {
    const [row] = await sqlOf(this.#db).all('SELECT "count", "windowStart", "expiresAt" FROM "ThrottleCounter" WHERE "key" = ? AND "expiresAt" > ?', [key, now])
    return row ? toCounter(row) : undefined
  }

  async reset (...keys: string[]): Promise<void> {
    for (const key of keys) await sqlOf(this.#db).run('DELETE FROM "ThrottleCounter" WHERE "key" = ?', [key])
  }

  async sweep (now = new Date()): Promise<number> {
    return sqlOf(this.#db).run('DELETE FROM "ThrottleCounter" WHERE "expiresAt" <= ?', [now])
  }
}

function toCounter (row: Record<string, unknown>): Counter {
  return { count: Number(row.count), windowStart: asDate(row.windowStart), expiresAt: asDate(row.expiresAt) }
}
