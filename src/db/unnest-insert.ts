// Thousands of rows in one INSERT on PostgreSQL, with one array parameter per column:
//   INSERT INTO "T" ("a", "b") SELECT u.c0::text, u.c1::timestamp(3) FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(c0, c1, n) ORDER BY u.n
// A VALUES list of 2,500 rows binds 30,000 parameters, which Prisma's raw query and pg then map
// one by one (most of the app's CPU while a 50,000-recipient broadcast was planned on PostgreSQL);
// arrays bind one parameter per column. Values cross as text and are cast in the SELECT.
import { quote } from './bulk-write.ts'
import type { Sql, SqlValue } from './sql.ts'

export type ArrayColumnType = 'text' | 'integer' | 'boolean' | 'timestamp'

const CAST: Record<ArrayColumnType, string> = { text: 'text', integer: 'integer', boolean: 'boolean', timestamp: 'timestamp(3)' }

/** Inserts `rows` (PostgreSQL only) in the given order; with `returningIds`, the new autoincrement ids in that order. */
export async function insertByArrays (sql: Sql, table: string, columns: Record<string, ArrayColumnType>, rows: Record<string, unknown>[], returningIds = false): Promise<number[]> {
  if (sql.provider !== 'postgresql') throw new Error('insertByArrays is for PostgreSQL')
  if (!rows.length) return []
  const names = Object.keys(columns)
  const arrays = names.map(name => rows.map(row => asText(row[name])))
  const text = `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) SELECT ${names.map((name, i) => `u.c${i}::${CAST[columns[name]]}`).join(', ')}
    FROM unnest(${names.map(() => '?::text[]').join(', ')}) WITH ORDINALITY AS u(${names.map((_, i) => `c${i}`).join(', ')}, n) ORDER BY u.n`
  // An array is one parameter: PostgresSql hands it to Prisma's raw query as it is.
  const params = arrays as unknown as SqlValue[]
  if (!returningIds) { await sql.run(text, params); return [] }
  const created = await sql.all<{ id: number | bigint }>(`${text} RETURNING "id"`, params)
  return created.map(r => Number(r.id)).sort((a, b) => a - b)
}

function asText (value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  return String(value)
}
