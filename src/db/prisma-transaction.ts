// Prisma's side of repository functions for the rarer writes (tickets, accounts, erasure), while
// some callers outside src/db still open their transactions with db.$transaction (src/consultations,
// src/ideas, src/inbox, src/town, until they move to inTransaction): those pass Prisma's
// transaction client itself, which these functions accept next to a DbOrTx.
import type { Db, Tx } from './client.ts'
import { sqlOf } from './sql.ts'
import { asTransaction, isTransaction, type DbOrTx, type Store, type Transaction } from './transaction.ts'

/** A DbOrTx, or Prisma's transaction client of a caller that has not moved to inTransaction yet. */
export type DbOrAnyTx = DbOrTx | Tx

/** Prisma's client for `on`. */
export const prismaOf = (on: DbOrAnyTx): Db | Tx => isTransaction(on) ? on.prisma() : on as Db | Tx

/** How long a write may wait for the connection (maxWait) and run (timeout), as Prisma counts them. */
export type TransactionLimits = { maxWait?: number, timeout?: number }

/**
 * An interactive Prisma transaction with these limits (Prisma's defaults when none are given),
 * handed to `work` as a Transaction. For writes that were Prisma transactions already: the same
 * transaction, the same waits (inTransaction's plain SQLite transaction would rerun them under
 * Prisma at their first Prisma call).
 */
export function inPrismaTransaction<R> (store: Db | Store, work: (tx: Transaction) => Promise<R>, limits?: TransactionLimits): Promise<R> {
  const db = store as Db
  return db.$transaction(tx => work(asTransaction(sqlOf(db, tx), () => tx)), limits)
}
