// Hand-written SQL for the message hot path, the same text on SQLite and PostgreSQL.
//
// Why: through Prisma's model API a statement costs 0.15–0.4 ms of CPU whatever it does (query
// planning in the client, then the driver adapter prepares the statement anew and maps every
// row), which capped the web chat well under its 2,000 messages/s goal. On SQLite this runs the
// statement straight on the adapter's better-sqlite3 connection, prepared once and cached; on
// PostgreSQL it goes through Prisma's raw queries (same connection pool, same transaction).
//
// Placeholders are `?` (turned into $1, $2… for PostgreSQL); identifiers are double-quoted.
// Values: string, number, boolean, Date or null, bound as Prisma binds them, so rows written
// here read back through Prisma unchanged (and the other way round). Rows come back as the
// driver gives them: use asDate/asBool for DateTime and Boolean columns.
import type Database from 'better-sqlite3'
import type { Db, Tx } from './client.ts'

export type SqlValue = string | number | boolean | Date | null
export type Row = Record<string, unknown>

export interface Sql {
  readonly provider: 'sqlite' | 'postgresql'
  all<R extends Row = Row>(text: string, params?: readonly SqlValue[]): Promise<R[]>
  /** Runs a statement that returns no rows; resolves with the number of rows changed. */
  run(text: string, params?: readonly SqlValue[]): Promise<number>
}

/** The raw SQLite connection under a Prisma client, the lock that orders its users, and how many wait for it. */
export type RawSqlite = { client: Database.Database, lock: () => Promise<() => void>, waiting: () => number }

// With the runner outside transactions, made once (sqlOf is called for every statement there).
type Registered = { provider: 'sqlite', raw: RawSqlite, locked?: Sql } | { provider: 'postgresql', runner?: Sql }
const registered = new WeakMap<object, Registered>()

/** Called by openDatabase: which provider is behind the client, and SQLite's raw connection. */
export function registerDatabase (db: Db, entry: Registered): void {
  registered.set(db, entry)
}

/**
 * The SQL runner for this client, or for one of its transactions. Inside a transaction the
 * statements are part of it (on SQLite, one connection: the transaction holds it; on
 * PostgreSQL, they go through the transaction's client).
 */
export function sqlOf (db: Db, tx?: Tx): Sql {
  const entry = registered.get(db)
  if (!entry) throw new Error('sqlOf: this client was not opened by openDatabase')
  if (entry.provider === 'sqlite') return tx ? new SqliteSql(entry.raw.client) : (entry.locked ??= new LockedSqliteSql(entry.raw))
  return tx ? new PostgresSql(tx) : (entry.runner ??= new PostgresSql(db))
}

/** SQLite's connection and its lock under this client; undefined on PostgreSQL (a worker thread with its own connection waits its turn on this lock: src/alerts/plan-thread.ts). */
export function rawSqliteOf (db: Db): RawSqlite | undefined {
  const entry = registered.get(db)
  return entry?.provider === 'sqlite' ? entry.raw : undefined
}

/** The SQL runner over a SQLite connection of one's own (a worker thread's), for use inside its own BEGIN … COMMIT. */
export function sqlOfConnection (client: Database.Database): Sql {
  return new SqliteSql(client)
}

/**
 * A transaction for the hot path: hand-written SQL for the frequent statements, and Prisma's
 * client, through `prisma()`, for the rare writes (a new citizen, a ticket). On SQLite the
 * transaction is plain BEGIN … COMMIT on the connection (a Prisma transaction costs ≈0.15 ms of
 * CPU more); the first call to `prisma()` rolls it back and runs `run` again inside a Prisma
 * transaction, so `run` must have no effect outside the database before it asks for Prisma.
 */
export async function transaction<R> (db: Db, run: (sql: Sql, prisma: () => Tx) => Promise<R>, options: { needsPrisma?: boolean } = {}): Promise<R> {
  const entry = registered.get(db)
  if (entry?.provider === 'sqlite' && !options.needsPrisma) {
    try {
      return await plainSqliteTransaction(entry.raw, sql => run(sql, () => { throw NEEDS_PRISMA }))
    } catch (error) {
      if (error !== NEEDS_PRISMA) throw error
    }
  }
  return db.$transaction(tx => run(sqlOf(db, tx), () => tx), { timeout: 30_000 })
}

const NEEDS_PRISMA = new Error('this transaction needs Prisma\'s client')

async function plainSqliteTransaction<R> (raw: RawSqlite, run: (sql: Sql) => Promise<R>): Promise<R> {
  const release = await raw.lock()
  try {
    // IMMEDIATE: take the write lock now (waiting out another process's write), not at the
    // first write, when a concurrent writer would make it fail at once.
    raw.client.exec('BEGIN IMMEDIATE')
    try {
      const result = await run(new SqliteSql(raw.client))
      raw.client.exec('COMMIT')
      return result
    } catch (error) {
      if (raw.client.inTransaction) raw.client.exec('ROLLBACK')
      throw error
    }
  } finally {
    release()
  }
}

/** `(?, ?, ?)` for a list of n values. */
export function placeholders (n: number): string {
  return `(${new Array(n).fill('?').join(', ')})`
}

const lists = new Map<number, string>()

/**
 * `(?, ?, …)` for an IN list of these values, padded to a power of two with the last value again
 * (IN ignores repeats), and the parameters to bind. A statement is prepared once per text and
 * cached (below): with one text per list length, the hot path's batches of every size filled
 * the cache with near-copies and prepared a new one for most batches; padded, a query has about
 * ten texts.
 */
export function inList<T extends SqlValue> (values: readonly T[]): { list: string, params: T[] } {
  if (!values.length) throw new Error('inList: an empty IN list matches nothing; leave the query out')
  const n = 2 ** Math.ceil(Math.log2(values.length))
  let list = lists.get(n)
  if (list === undefined) lists.set(n, list = placeholders(n))
  const params = values.slice()
  while (params.length < n) params.push(values[values.length - 1])
  return { list, params }
}

/** `("a" = ? AND "b" IN (?, ?)) OR (…)`: rows matching one of the (key, values) groups (each IN list padded as inList does). */
export function groupedIn (keyColumn: string, valueColumn: string, groups: [string, string[]][]): { where: string, params: string[] } {
  const where: string[] = []
  const params: string[] = []
  for (const [key, values] of groups) {
    const inValues = inList(values)
    where.push(`(${keyColumn} = ? AND ${valueColumn} IN ${inValues.list})`)
    params.push(key, ...inValues.params)
  }
  return { where: where.join(' OR '), params }
}

export function groupBy<T> (items: T[], key: (item: T) => string, value: (item: T) => string): [string, string[]][] {
  const groups = new Map<string, Set<string>>()
  for (const item of items) {
    const k = key(item)
    if (!groups.has(k)) groups.set(k, new Set())
    groups.get(k)!.add(value(item))
  }
  return [...groups].map(([k, values]) => [k, [...values]])
}

export function asDate (value: unknown): Date {
  if (value instanceof Date) return value
  if (typeof value === 'string' || typeof value === 'number') return new Date(value)
  throw new TypeError(`not a date: ${String(value)}`)
}

export const asDateOrNull = (value: unknown): Date | null => value === null || value === undefined ? null : asDate(value)
export const asBool = (value: unknown): boolean => value === true || value === 1 || value === 1n

class SqliteSql implements Sql {
  readonly provider = 'sqlite'
  static readonly statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()
  readonly #client: Database.Database

  constructor (client: Database.Database) {
    this.#client = client
  }

  async all<R extends Row> (text: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.#statement(text).all(...params.map(toSqlite)) as R[]
  }

  async run (text: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.#statement(text).run(...params.map(toSqlite)).changes
  }

  #statement (text: string): Database.Statement {
    let cache = SqliteSql.statements.get(this.#client)
    if (!cache) SqliteSql.statements.set(this.#client, cache = new Map())
    let statement = cache.get(text)
    if (!statement) {
      // Batches vary in size, so texts vary too; a bounded cache keeps memory flat.
      if (cache.size >= 2000) cache.clear()
      statement = this.#client.prepare(text)
      // The adapter turns safe integers on for the connection; the hot path wants plain numbers.
      statement.safeIntegers(false)
      cache.set(text, statement)
    }
    return statement
  }
}

/** Outside a transaction: each statement waits for the connection like Prisma's own queries. */
class LockedSqliteSql implements Sql {
  readonly provider = 'sqlite'
  readonly #raw: RawSqlite
  readonly #inner: SqliteSql

  constructor (raw: RawSqlite) {
    this.#raw = raw
    this.#inner = new SqliteSql(raw.client)
  }

  async all<R extends Row> (text: string, params?: readonly SqlValue[]): Promise<R[]> {
    const release = await this.#raw.lock()
    try { return await this.#inner.all<R>(text, params) } finally { release() }
  }

  async run (text: string, params?: readonly SqlValue[]): Promise<number> {
    const release = await this.#raw.lock()
    try { return await this.#inner.run(text, params) } finally { release() }
  }
}

// The last date bound, as text: a batch binds the same `now` to many rows.
let lastDate: Date | undefined
let lastTime = Number.NaN
let lastText = ''

// As @prisma/adapter-better-sqlite3 binds them (its default iso8601 timestamp format).
function toSqlite (value: SqlValue): string | number | null {
  if (value instanceof Date) {
    if (value !== lastDate || value.getTime() !== lastTime) {
      lastDate = value
      lastTime = value.getTime()
      lastText = value.toISOString().replace('Z', '+00:00')
    }
    return lastText
  }
  if (typeof value === 'boolean') return value ? 1 : 0
  return value ?? null
}

class PostgresSql implements Sql {
  readonly provider = 'postgresql'
  readonly #client: Db | Tx

  constructor (client: Db | Tx) {
    this.#client = client
  }

  async all<R extends Row> (text: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.#client.$queryRawUnsafe<R[]>(this.#text(text), ...params)
  }

  async run (text: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.#client.$executeRawUnsafe(this.#text(text), ...params)
  }

  #text (text: string): string {
    let n = 0
    // Our SQL never has a ? inside a literal: every value is a parameter.
    return text.replace(/\?/g, () => `$${++n}`)
  }
}
