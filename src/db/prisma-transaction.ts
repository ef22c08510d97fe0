// The rarer writes (tickets, accounts, erasure, town data) as Prisma interactive transactions, with
// Prisma's waits; the hot path's writes use inTransaction (transaction.ts) and the group commit.
import type { Db } from './client.ts'
import { sqlOf } from './sql.ts'
import { asTransaction, type Store, type Transaction } from './transaction.ts'

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
