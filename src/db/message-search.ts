// The full-text indexes over message texts (made by hand-written migrations): FTS5 on SQLite,
// a tsvector expression index on PostgreSQL. The query syntax is built from sanitised words by
// src/inbox/search/full-text.ts; this file only runs it. Ids come back newest first.
import { Prisma } from './client.ts'
import { prismaFor, type DbOrTx } from './transaction.ts'

/** SQLite: FTS5 walks its index newest first and stops at the limit. `before` (an id) continues a previous page. */
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
