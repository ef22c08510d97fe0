// Accent- and case-insensitive full-text search over message texts: FTS5 on SQLite, tsvector on
// PostgreSQL (both made by hand-written migrations; the queries: src/db/message-search.ts).
// Returns message ids, newest first; filters are applied afterwards by the repositories'
// ordinary queries, the same on both databases.
import type { Store } from '../../db/transaction.ts'
import { catchUpSearchIndex, ftsMatchingIds, tsvectorMatchingIds } from '../../db/message-search.ts'
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
export async function matchingMessageIds (store: Store, provider: DatabaseProvider, query: string, limit = MAX_MATCHES, before?: number): Promise<number[]> {
  const tokens = searchTokens(query)
  if (!tokens.length) return []
  if (provider === 'postgresql') return tsvectorMatchingIds(store, postgresTsQuery(tokens), limit, before)
  // SQLite indexes in batches, about every second: the last second's messages are indexed first.
  if (before === undefined) await catchUpSearchIndex(store)
  return ftsMatchingIds(store, sqliteMatchQuery(tokens), limit, before)
}
