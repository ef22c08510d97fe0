// A SQLite connection of a worker thread's own (the broadcast planner, src/alerts/plan-worker.ts):
// it reads without holding the app's connection, and writes in transactions of its own that it
// runs only while the app lends it its lock (see src/alerts/plan-thread.ts). Repository functions
// take it as a Transaction: reads and writes go through its SQL; it has no Prisma client.
import Database from 'better-sqlite3'
import { rawSqliteOf, sqlOfConnection } from './sql.ts'
import { providerOf, sqliteFilePath } from './provider.ts'
import { asTransaction, type Store, type Transaction } from './transaction.ts'
import type { Db } from './client.ts'
import { SAFETY_NET_PAGES } from './sqlite-checkpointer.ts'

export type OwnSqlite = {
  /** For reads, and for writes inside write(). */
  readonly on: Transaction
  /** Runs `work` in BEGIN IMMEDIATE … COMMIT (ROLLBACK if it throws). */
  write<R> (work: (tx: Transaction) => Promise<R>): Promise<R>
  close (): void
}

export function openOwnSqlite (file: string): OwnSqlite {
  const client = new Database(file, { timeout: 10_000 })
  client.pragma('journal_mode = WAL')
  client.pragma('synchronous = NORMAL')
  client.pragma('foreign_keys = ON')
  client.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`)
  const on = asTransaction(sqlOfConnection(client), () => { throw new Error('a worker thread\'s own SQLite connection has no Prisma client') })
  return {
    on,
    async write (work) {
      client.exec('BEGIN IMMEDIATE')
      try {
        const result = await work(on)
        client.exec('COMMIT')
        return result
      } catch (error) {
        if (client.inTransaction) client.exec('ROLLBACK')
        throw error
      }
    },
    close: () => client.close(),
  }
}

/**
 * Where a worker thread can open its own connection to the app's database, with the app
 * connection's lock to wait on before it writes: only for a SQLite file (undefined on PostgreSQL
 * or an in-memory SQLite, where the work runs in the app's process).
 */
export function ownSqliteFor (store: Store, databaseUrl: string | undefined): { file: string, lock: () => Promise<() => void>, waiting: () => number } | undefined {
  const raw = rawSqliteOf(store as unknown as Db)
  if (!raw || !databaseUrl || providerOf(databaseUrl) !== 'sqlite') return undefined
  const file = sqliteFilePath(databaseUrl)
  return file === ':memory:' ? undefined : { file, lock: raw.lock, waiting: raw.waiting }
}
