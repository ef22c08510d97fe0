// SQLite runs on ONE connection. Prisma's better-sqlite3 adapter queues transactions behind each
// other, but a query outside a transaction runs at once on that connection, that is INSIDE
// whatever transaction is open at the time: it reads that transaction's unfinished writes (an
// outbox row already "sent" while its message still says "pending"), and its own writes are
// rolled back with it. This wrapper makes such a query wait its turn like a transaction does.
//
// The same lock is handed out with the raw connection (onConnect) for the hand-written hot
// path (src/db/sql.ts), which must wait its turn the same way.
import type Database from 'better-sqlite3'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'
import type { RawSqlite } from './sql.ts'

export function serializedSqlite (factory: SqlMigrationAwareDriverAdapterFactory, onConnect?: (raw: RawSqlite) => void): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect()
      const lock = fifoLock()
      // @prisma/adapter-better-sqlite3 keeps its better-sqlite3 Database as `client`.
      const client = (adapter as unknown as { client?: Database.Database }).client
      if (onConnect && client) onConnect({ client, lock, waiting: lock.waiting })
      return serialize(adapter, lock)
    },
    connectToShadowDb: async () => serialize(await factory.connectToShadowDb(), fifoLock()),
  }
}

function serialize (adapter: SqlDriverAdapter, lock: () => Promise<() => void>): SqlDriverAdapter {
  const alone = <A, R>(run: (arg: A) => Promise<R>) => async (arg: A): Promise<R> => {
    const release = await lock()
    try { return await run(arg) } finally { release() }
  }
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: alone(query => adapter.queryRaw(query)),
    executeRaw: alone(query => adapter.executeRaw(query)),
    executeScript: alone(script => adapter.executeScript(script)),
    async startTransaction (isolationLevel) {
      const release = await lock()
      try {
        return holdUntilEnd(await adapter.startTransaction(isolationLevel), release)
      } catch (error) {
        release()
        throw error
      }
    },
    ...(adapter.getConnectionInfo ? { getConnectionInfo: () => adapter.getConnectionInfo!() } : {}),
    dispose: () => adapter.dispose(),
  }
}

/** The transaction keeps the connection until it commits or rolls back. */
function holdUntilEnd (tx: Transaction, release: () => void): Transaction {
  const end = (finish: () => Promise<void>) => async () => { try { await finish() } finally { release() } }
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: query => tx.queryRaw(query),
    executeRaw: query => tx.executeRaw(query),
    commit: end(() => tx.commit()),
    rollback: end(() => tx.rollback()),
    ...(tx.createSavepoint ? { createSavepoint: (name: string) => tx.createSavepoint!(name) } : {}),
    ...(tx.rollbackToSavepoint ? { rollbackToSavepoint: (name: string) => tx.rollbackToSavepoint!(name) } : {}),
    ...(tx.releaseSavepoint ? { releaseSavepoint: (name: string) => tx.releaseSavepoint!(name) } : {}),
  }
}

/**
 * A first-come, first-served lock: resolves with the function that releases it. `waiting()` says
 * how many callers wait for it, so that background work (a broadcast's plan) can let them go first.
 */
function fifoLock (): (() => Promise<() => void>) & { waiting: () => number } {
  let tail: Promise<void> = Promise.resolve()
  let waiting = 0
  const lock = () => {
    let release!: () => void
    const previous = tail
    tail = new Promise(resolve => { release = resolve })
    waiting++
    return previous.then(() => { waiting--; return release })
  }
  return Object.assign(lock, { waiting: () => waiting })
}
