// The full-text indexes over message texts (made by hand-written migrations): FTS5 on SQLite,
// a tsvector expression index on PostgreSQL. The query syntax is built from sanitised words by
// src/inbox/search/full-text.ts; this file only runs it. Ids come back newest first.
import { Prisma, type Db } from './client.ts'

/** SQLite: FTS5 walks its index newest first and stops at the limit. `before` (an id) continues a previous page. */
export async function ftsMatchingIds (db: Db, matchQuery: string, limit: number, before?: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number | bigint }[]>`SELECT rowid AS id FROM message_fts WHERE message_fts MATCH ${matchQuery} ${before === undefined ? Prisma.empty : Prisma.sql`AND rowid < ${before}`} ORDER BY rowid DESC LIMIT ${limit}`
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
export async function tsvectorMatchingIds (db: Db, tsQuery: string, limit: number, before?: number): Promise<number[]> {
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
