// The full-text indexes over message texts (made by hand-written migrations): FTS5 on SQLite,
// a tsvector expression index on PostgreSQL. The query syntax is built from sanitised words by
// src/inbox/search/full-text.ts; this file only runs it. Ids come back newest first.
import { Prisma, type Db } from './client.ts'
import { inTransaction, prismaFor, type DbOrTx, type Store } from './transaction.ts'
import type { Sql } from './sql.ts'

// SQLite indexes messages in batches (migration 20261206141500): at most this many per transaction,
// so that a conversation's turn never waits long behind one.
const INDEX_BATCH = 500

/** SQLite: adds the next messages above the index's mark (at most `batch`) to the search index; how many. */
async function indexNewMessages (store: Db | Store, batch = INDEX_BATCH): Promise<number> {
  return inTransaction(store, tx => indexNextMessages(tx.sql, batch))
}

/** indexNewMessages inside the caller's transaction on SQLite (the broadcast planner's thread indexes what it wrote, and what came before it). */
export async function indexNextMessages (sql: Sql, batch: number): Promise<number> {
  const [progress] = await sql.all<{ upTo: number | bigint }>('SELECT "indexedUpTo" AS "upTo" FROM message_fts_progress')
  const upTo = Number(progress?.upTo ?? 0)
  const [next] = await sql.all<{ top: number | bigint | null, n: number | bigint }>(
    'SELECT max("id") AS "top", count(*) AS "n" FROM (SELECT "id" FROM "Message" WHERE "id" > ? ORDER BY "id" LIMIT ?)', [upTo, batch])
  if (next?.top === null || next?.top === undefined) return 0
  const top = Number(next.top)
  await sql.run('INSERT INTO message_fts(rowid, text) SELECT "id", "text" FROM "Message" WHERE "id" > ? AND "id" <= ? ORDER BY "id"', [upTo, top])
  await sql.run('UPDATE message_fts_progress SET "indexedUpTo" = ?', [top])
  return Number(next.n)
}

/**
 * SQLite: indexes the messages not yet indexed, a batch per transaction, letting other work run
 * between two. It stops at the first batch that is not full: under a steady flow of messages a
 * few always arrive meanwhile, and chasing them would never end (the next round takes them).
 */
export async function catchUpSearchIndex (store: Db | Store, batch = INDEX_BATCH): Promise<number> {
  let total = 0
  for (;;) {
    const n = await indexNewMessages(store, batch)
    total += n
    if (n < batch) return total
    await new Promise(resolve => setImmediate(resolve))
  }
}

/** SQLite: keeps the search index within about `everyMs` of the newest message. */
export function startSearchIndexer (store: Db | Store, onError: (error: unknown) => void, everyMs = 1_000): { stop (): Promise<void> } {
  // The round under way, if any: a round that outlasts the interval is not doubled.
  let running: Promise<unknown> | undefined
  const timer = setInterval(() => {
    running ??= catchUpSearchIndex(store).catch(onError).finally(() => { running = undefined })
  }, everyMs).unref()
  return {
    async stop () {
      clearInterval(timer)
      await running
    },
  }
}

/** SQLite: FTS5 walks its index newest first and stops at the limit. `before` (an id) continues a previous
 * page. The caller indexes the newest messages first (catchUpSearchIndex). */
export async function ftsMatchingIds (on: DbOrTx, matchQuery: string, limit: number, before?: number): Promise<number[]> {
  const rows = await prismaFor(on).$queryRaw<{ id: number | bigint }[]>`SELECT rowid AS id FROM message_fts WHERE message_fts MATCH ${matchQuery} ${before === undefined ? Prisma.empty : Prisma.sql`AND rowid < ${before}`} ORDER BY rowid DESC LIMIT ${limit}`
  return rows.map(r => Number(r.id))
}

/** Message ids the first window of a PostgreSQL search covers, per match wanted; each next window is 4 times wider. */
const WINDOW_PER_MATCH = 100

/**
 * PostgreSQL cannot read its GIN index in id order. Asked for the newest matches with ORDER BY id
 * DESC LIMIT, it walks the primary key backwards and computes each message's tsvector (120 ms for
 * 500 matches of a common word at 200,000 messages); without the limit it fetches every match
 * from the table (all 60,000 of a common word at 1 M messages). So the matches are taken in
 * windows of ids, newest first: the GIN index's matches ANDed with the window's ids (a
 * BitmapAnd, the materialized CTE keeps the planner from walking the key), the table read only
 * for those, and a wider window only when the first did not hold enough.
 */
export async function tsvectorMatchingIds (on: DbOrTx, tsQuery: string, limit: number, before?: number): Promise<number[]> {
  const db = prismaFor(on)
  const top = before ?? Number((await db.$queryRaw<{ max: number | bigint | null }[]>`SELECT max(id) AS max FROM "Message"`)[0]?.max ?? 0) + 1
  const found: number[] = []
  let high = top
  for (let width = Math.max(limit, 1) * WINDOW_PER_MATCH; high > 0 && found.length < limit; width *= 4) {
    const low = Math.max(0, high - width)
    const rows = await db.$queryRaw<{ id: number | bigint }[]>`
      WITH window_matches AS MATERIALIZED (
        SELECT id FROM "Message"
        WHERE to_tsvector('simple', assistant_unaccent("text")) @@ to_tsquery('simple', assistant_unaccent(${tsQuery}))
          AND id >= ${low} AND id < ${high})
      SELECT id FROM window_matches ORDER BY id DESC LIMIT ${limit - found.length}`
    found.push(...rows.map(r => Number(r.id)))
    high = low
  }
  return found
}

/** The managers' history filters on messages and their conversations (all optional). */
export type MessageFilters = { channel?: string, intent?: string, status?: string, agent?: string, from?: Date, to?: Date }

export type MessageSearchRow = {
  id: number, conversationId: string, citizenId: string, channel: string, direction: string, author: string, intent: string | null, text: string, createdAt: Date
  conversation: { status: string, citizen: { displayName: string | null } }
  agent: { name: string } | null
}

/**
 * Messages matching the filters, newest first (`take` at most), among `ids` when given, or older
 * than the message `before` (keyset pagination). Only the columns shown are read: Prisma's time
 * goes to each row's fields (half of it with `include`).
 */
export async function searchMessageRows (on: DbOrTx, filters: MessageFilters, page: { ids?: number[], before?: number }, take: number): Promise<MessageSearchRow[]> {
  const where: Prisma.MessageWhereInput = {}
  if (filters.channel) where.channel = filters.channel
  if (filters.from || filters.to) where.createdAt = { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lte: filters.to } : {}) }
  const conversation: Prisma.ConversationWhereInput = {}
  if (filters.status) conversation.status = filters.status
  // A conversation is about an intent when any of its messages was classified so.
  if (filters.intent) conversation.messages = { some: { intent: filters.intent } }
  if (filters.agent) conversation.OR = [{ assignedAgentId: filters.agent }, { messages: { some: { agentId: filters.agent } } }]
  if (Object.keys(conversation).length) where.conversation = conversation
  const extra: Prisma.MessageWhereInput = page.ids ? { id: { in: page.ids } } : page.before === undefined ? {} : { id: { lt: page.before } }
  return prismaFor(on).message.findMany({
    where: { ...where, ...extra },
    orderBy: { id: 'desc' },
    take,
    select: { id: true, conversationId: true, citizenId: true, channel: true, direction: true, author: true, intent: true, text: true, createdAt: true, conversation: { select: { status: true, citizen: { select: { displayName: true } } } }, agent: { select: { name: true } } },
  })
}
