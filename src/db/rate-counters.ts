// The ThrottleCounter repository (issue 19): counters every instance shares, for the login
// throttle and the rate limits. One statement per hit, so no race between instances.
import { asDate } from './sql.ts'
import { sqlFor, type DbOrTx } from './transaction.ts'

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

/**
 * One more hit on `key`. `fixed`: a window of `ttlMs` from the first hit (rate limits);
 * `sliding`: the count lives `ttlMs` after the last hit, and windowStart is that last hit (throttle).
 */
export async function hitCounter (on: DbOrTx, key: string, ttlMs: number, mode: 'fixed' | 'sliding', now: Date): Promise<Counter> {
  const [row] = await sqlFor(on).all(mode === 'fixed' ? FIXED : SLIDING, [key, now, new Date(now.getTime() + ttlMs), now, now, now])
  return toCounter(row!)
}

/** The counter under `key`, unless its time has passed. */
export async function readCounter (on: DbOrTx, key: string, now: Date): Promise<Counter | undefined> {
  const [row] = await sqlFor(on).all('SELECT "count", "windowStart", "expiresAt" FROM "ThrottleCounter" WHERE "key" = ? AND "expiresAt" > ?', [key, now])
  return row ? toCounter(row) : undefined
}

export async function deleteCounter (on: DbOrTx, key: string): Promise<void> {
  await sqlFor(on).run('DELETE FROM "ThrottleCounter" WHERE "key" = ?', [key])
}

/** Forgets every counter whose time has passed; resolves with how many. */
export async function deleteExpiredCounters (on: DbOrTx, now: Date): Promise<number> {
  return sqlFor(on).run('DELETE FROM "ThrottleCounter" WHERE "expiresAt" <= ?', [now])
}

function toCounter (row: Record<string, unknown>): Counter {
  return { count: Number(row.count), windowStart: asDate(row.windowStart), expiresAt: asDate(row.expiresAt) }
}
