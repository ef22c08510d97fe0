// Accent- and case-insensitive full-text search over message texts: FTS5 on SQLite, tsvector on
// PostgreSQL (both made by hand-written migrations). Returns message ids, newest first; filters
// are applied afterwards with ordinary Prisma queries, the same on both databases.
import { Prisma, type Db } from '../../db/client.ts'
import type { DatabaseProvider } from '../../db/provider.ts'

const MAX_TOKENS = 10

/** The words of a query: letters and digits only, so nothing typed can reach the query syntax. */
export function searchTokens (query: string): string[] {
  const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(w => w.slice(0, 50))
  const meaningful = words.filter(w => w.length > 1)
  return (meaningful.length ? meaningful : words).slice(0, MAX_TOKENS)
}

/** FTS5: every word, as a prefix ("eclair" finds "éclairage"). */
export const sqliteMatchQuery = (tokens: string[]) => tokens.map(t => `"${t}"*`).join(' ')

/** to_tsquery: every word, as a prefix. */
export const postgresTsQuery = (tokens: string[]) => tokens.map(t => `${t}:*`).join(' & ')

/** Prisma refuses more than 999 bound values on SQLite: id lists are used in slices of this size. */
const ID_CHUNK = 900
export const MAX_MATCHES = 20_000

/** Runs `query` on successive slices of `ids` (newest first) until `limit` rows are found. */
export async function inIdChunks<T> (ids: number[], limit: number, query: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = []
  for (let i = 0; i < ids.length && found.length < limit; i += ID_CHUNK) found.push(...await query(ids.slice(i, i + ID_CHUNK)))
  return found.slice(0, limit)
}

/** Matching message ids, newest first; `before` (an id) continues a previous page (keyset). */
export async function matchingMessageIds (db: Db, provider: DatabaseProvider, query: string, limit = MAX_MATCHES, before?: number): Promise<number[]> {
  const tokens = searchTokens(query)
  if (!tokens.length) return []
  if (provider === 'postgresql') return postgresMatches(db, postgresTsQuery(tokens), limit, before)
  // FTS5 walks its index newest first and stops at the limit.
  const rows = await db.$queryRaw<{ id: number | bigint }[]>`SELECT rowid AS id FROM message_fts WHERE message_fts MATCH ${sqliteMatchQuery(tokens)} ${before === undefined ? Prisma.empty : Prisma.sql`AND rowid < ${before}`} ORDER BY rowid DESC LIMIT ${limit}`
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
async function postgresMatches (db: Db, tsQuery: string, limit: number, before?: number): Promise<number[]> {
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
