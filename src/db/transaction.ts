// What repository functions run on: the client itself, or a transaction of the hot path
// (hand-written SQL for the frequent statements, Prisma's client for the rare writes).
// Callers outside src/db hold these as opaque handles; only src/db looks inside.
import type { Db, Tx } from './client.ts'
import { sqlOf, transaction, type Sql } from './sql.ts'

const TRANSACTION = Symbol('transaction')

export type Transaction = { readonly [TRANSACTION]: true, readonly sql: Sql, prisma (): Tx }

declare const STORE: unique symbol
/**
 * The database as code outside src/db holds it: an opaque handle that only repository functions
 * open. Routes, services and pages get a Store, never Prisma's client, so that every read and
 * write has a name in src/db (issue 21: "routes get the repositories they need, not the database").
 */
export type Store = { readonly [STORE]: true }
/** The one place a client becomes a Store (app.ts, command-line entry points). */
export const storeOf = (db: Db): Store => db as unknown as Store

/** The client (or its Store handle), or a transaction to write inside of: what every repository function takes first. */
export type DbOrTx = Db | Store | Transaction

export const isTransaction = (on: object): on is Transaction => (on as Partial<Transaction>)[TRANSACTION] === true

/** The handle for a transaction opened by transaction() in sql.ts (GroupCommit, inTransaction). */
export const asTransaction = (sql: Sql, prisma: () => Tx): Transaction => ({ [TRANSACTION]: true, sql, prisma })

/** The SQL runner for `on` (outside a transaction: each statement waits its turn for the connection). */
export const sqlFor = (on: DbOrTx): Sql => isTransaction(on) ? on.sql : sqlOf(on as Db)

/** Prisma's client for `on` (inside a transaction: the transaction's, see transaction() in sql.ts). */
export const prismaFor = (on: DbOrTx): Db | Tx => isTransaction(on) ? on.prisma() : on as Db

/** One transaction of its own for `work` (GroupCommit shares one between the hot path's writers). */
export function inTransaction<R> (db: Db | Store, work: (tx: Transaction) => Promise<R>, options: { needsPrisma?: boolean } = {}): Promise<R> {
  return transaction(db as Db, (sql, prisma) => work(asTransaction(sql, prisma)), options)
}
