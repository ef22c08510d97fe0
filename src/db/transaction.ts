// What repository functions run on: the client itself, or a transaction of the hot path
// (hand-written SQL for the frequent statements, Prisma's client for the rare writes).
// Callers outside src/db hold these as opaque handles; only src/db looks inside.
import type { Db, Tx } from './client.ts'
import { sqlOf, transaction, type Sql } from './sql.ts'

const TRANSACTION = Symbol('transaction')

export type Transaction = { readonly [TRANSACTION]: true, readonly sql: Sql, prisma (): Tx }
/** The client, or a transaction to write inside of: what every repository function takes first. */
export type DbOrTx = Db | Transaction

export const isTransaction = (on: object): on is Transaction => (on as Partial<Transaction>)[TRANSACTION] === true

/** The handle for a transaction opened by transaction() in sql.ts (GroupCommit, inTransaction). */
export const asTransaction = (sql: Sql, prisma: () => Tx): Transaction => ({ [TRANSACTION]: true, sql, prisma })

/** The SQL runner for `on` (outside a transaction: each statement waits its turn for the connection). */
export const sqlFor = (on: DbOrTx): Sql => isTransaction(on) ? on.sql : sqlOf(on)

/** Prisma's client for `on` (inside a transaction: the transaction's, see transaction() in sql.ts). */
export const prismaFor = (on: DbOrTx): Db | Tx => isTransaction(on) ? on.prisma() : on

/** One transaction of its own for `work` (GroupCommit shares one between the hot path's writers). */
export function inTransaction<R> (db: Db, work: (tx: Transaction) => Promise<R>, options: { needsPrisma?: boolean } = {}): Promise<R> {
  return transaction(db, (sql, prisma) => work(asTransaction(sql, prisma)), options)
}
