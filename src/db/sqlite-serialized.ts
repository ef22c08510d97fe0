// SQLite runs on ONE connection. Prisma's better-sqlite3 adapter queues transactions behind each
// other, but a query outside a transaction runs at once on that connection, that is INSIDE
// whatever transaction is open at the time: it reads that transaction's unfinished writes (an
// outbox row already "sent" while its message still says "pending"), and its own writes are
// rolled back with it. This wrapper makes such a query wait its turn like a transaction does.
//
// The same lock is handed out with the raw connection (onConnect) for the hand-written hot
// path (src/db/sql.ts), which must wait its turn the same way.
//
// Writes also pass a second lock, the write gate, before the connection's: another connection
// (the broadcast planner's thread, src/alerts/plan-thread.ts) takes the gate alone while it writes,
// so the app's writes wait their turn asynchronously (better-sqlite3's busy wait would block the
// event loop) while its reads, which WAL never makes wait for a writer, go on.
import type Database from 'better-sqlite3'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils'
import type { RawSqlite } from './sql.ts'

export function serializedSqlite (factory: SqlMigrationAwareDriverAdapterFactory, onConnect?: (raw: RawSqlite) => void): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect()
      const locks = connectionLocks()
      // @prisma/adapter-better-sqlite3 keeps its better-sqlite3 Database as `client`.
      const client = (adapter as unknown as { client?: Database.Database }).client
      if (onConnect && client) onConnect({ client, ...locks })
      return serialize(adapter, locks)
    },
    connectToShadowDb: async () => serialize(await factory.connectToShadowDb(), connectionLocks()),
  }
}

type Locks = Pick<RawSqlite, 'lock' | 'writeLock' | 'gate' | 'writersWaiting'>

/** A statement that only reads: it needs the connection, not the write gate. */
export const onlyReads = (sql: string): boolean => /^\s*select\b/i.test(sql)

function serialize (adapter: SqlDriverAdapter, { lock, writeLock }: Locks): SqlDriverAdapter {
  const alone = async <R>(take: () => Promise<() => void>, run: () => Promise<R>): Promise<R> => {
    const release = await take()
    try { return await run() } finally { release() }
  }
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: query => alone(onlyReads(query.sql) ? lock : writeLock, () => adapter.queryRaw(query)),
    executeRaw: query => alone(writeLock, () => adapter.executeRaw(query)),
    executeScript: script => alone(writeLock, () => adapter.executeScript(script)),
    async startTransaction (isolationLevel) {
      const release = await writeLock()
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

/** The connection's lock, the write gate, and the two in order for the app's own writes. */
function connectionLocks (): Locks {
  const lock = fifoLock()
  const gate = fifoLock()
  // Always the gate first: whoever holds the connection never waits for the gate, so no deadlock.
  const writeLock = async () => {
    const leaveGate = await gate()
    const release = await lock()
    return () => { release(); leaveGate() }
  }
  return { lock, writeLock, gate, writersWaiting: gate.waiting }
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
