// The Prisma client for DATABASE_URL: SQLite through better-sqlite3, or PostgreSQL through pg.
// Both clients are generated from the one schema (npm run db:generate); the SQLite one gives the types.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { PrismaClient, Prisma } from '../../generated/sqlite/client.ts'
import { providerOf, sqliteFilePath, type DatabaseProvider } from './provider.ts'
import { poolConfigOf } from './pg-config.ts'
import { serializedSqlite } from './sqlite-serialized.ts'
import { registerDatabase, type RawSqlite } from './sql.ts'
import type { Store } from './transaction.ts'
import { SAFETY_NET_PAGES, startCheckpointer } from './sqlite-checkpointer.ts'

export type Db = PrismaClient
/** A transaction client: repositories take one so that callers can group writes. */
export type Tx = Prisma.TransactionClient
export { Prisma }

export type Database = { db: Db, provider: DatabaseProvider, close: () => Promise<void> }

export async function openDatabase (databaseUrl: string): Promise<Database> {
  const provider = providerOf(databaseUrl)
  if (provider === 'sqlite') {
    const file = sqliteFilePath(databaseUrl)
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
    // WAL lets readers work while the outbox writes; busy_timeout rides out short write locks.
    let raw: RawSqlite | undefined
    const db = new PrismaClient({ adapter: serializedSqlite(new PrismaBetterSqlite3({ url: file, timeout: 10_000 }), connection => { raw = connection }) })
    await db.$executeRawUnsafe('PRAGMA journal_mode = WAL')
    await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON')
    // 32 MB of page cache (SQLite's default is 2 MB): the message indexes are written at random
    // places, and every page not in the cache is read back from the file before it is changed.
    await db.$executeRawUnsafe('PRAGMA cache_size = -32768')
    if (!raw) throw new Error('the SQLite driver adapter did not expose its connection')
    registerDatabase(db, { provider: 'sqlite', raw })
    if (file === ':memory:') return { db, provider, close: () => db.$disconnect() }
    const checkpointer = startCheckpointer(file, raw.lock, message => console.error(`sqlite checkpointer: ${message}`))
    await db.$executeRawUnsafe(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`)
    // After the WAL restarts, its file is cut back to this size rather than staying at its peak.
    await db.$executeRawUnsafe('PRAGMA journal_size_limit = 67108864')
    return { db, provider, close: async () => { await checkpointer.stop(); await db.$disconnect() } }
  }
  const [{ PrismaClient: PgClient }, { PrismaPg }] = await Promise.all([
    import('../../generated/postgresql/client.ts'),
    import('@prisma/adapter-pg'),
  ])
  const config = { ...poolConfigOf(databaseUrl), max: 10 }
  // Same models, same API: the PostgreSQL client is typed as the SQLite one.
  const db = new PgClient({ adapter: new PrismaPg(config) }) as unknown as Db
  registerDatabase(db, { provider: 'postgresql' })
  return { db, provider, close: () => db.$disconnect() }
}

/** Whether the database answers a trivial query (GET /health). */
export async function databaseAnswers (db: Db | Store): Promise<boolean> {
  try {
    await (db as Db).$queryRawUnsafe('SELECT 1')
    return true
  } catch {
    return false
  }
}
