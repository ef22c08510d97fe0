// Thousands of rows in one INSERT on PostgreSQL, the rows crossing as one JSON text parameter:
//   INSERT INTO "T" ("a", "b") SELECT (e.v->>0)::text, (e.v->>1)::timestamp(3)
//     FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY e.n
// A VALUES list of 2,500 rows binds 30,000 parameters, which Prisma's raw query and pg then map one
// by one; one array per column still left Prisma and pg walking every element on the app's event
// loop (about 3 s of it for a 50,000-recipient broadcast). One string is built by JSON.stringify
// and parsed once by the server (jsonb: each column is then read by index; with json every
// column re-read the row's text). Values cross as text and are cast in the SELECT.
import { quote } from './bulk-write.ts'
import type { Sql, SqlValue } from './sql.ts'

export type ArrayColumnType = 'text' | 'integer' | 'boolean' | 'timestamp'

const CAST: Record<ArrayColumnType, string> = { text: 'text', integer: 'integer', boolean: 'boolean', timestamp: 'timestamp(3)' }

/** Inserts `rows` (PostgreSQL only) in the given order; with `returningIds`, the new autoincrement ids in that order. */
export async function insertByJson (sql: Sql, table: string, columns: Record<string, ArrayColumnType>, rows: Record<string, unknown>[], returningIds = false): Promise<number[]> {
  if (sql.provider !== 'postgresql') throw new Error('insertByJson is for PostgreSQL')
  if (!rows.length) return []
  const names = Object.keys(columns)
  const json = JSON.stringify(rows.map(row => names.map(name => asText(row[name]))))
  const text = `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) SELECT ${names.map((name, i) => `(e.v->>${i})::${CAST[columns[name]]}`).join(', ')}
    FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY e.n`
  const params: SqlValue[] = [json]
  if (!returningIds) { await sql.run(text, params); return [] }
  const created = await sql.all<{ id: number | bigint }>(`${text} RETURNING "id"`, params)
  return created.map(r => Number(r.id)).sort((a, b) => a - b)
}

function asText (value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  return String(value)
}
