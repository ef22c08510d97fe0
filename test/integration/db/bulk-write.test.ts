import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bulkUpdate, insertRowsReturningIds } from '../../../src/db/bulk-write.ts'
import { sqlOfConnection, type Sql } from '../../../src/db/sql.ts'

// Multi-row writes on SQLite use a few statement texts whatever the batch sizes: each text is a
// prepared statement kept in the connection's cache, about 100 bytes per parameter (issue 19).
function recording (client: Database.Database): { sql: Sql, texts: string[] } {
  const inner = sqlOfConnection(client)
  const texts: string[] = []
  const sql: Sql = {
    provider: 'sqlite',
    all: (text, params) => { texts.push(text); return inner.all(text, params) },
    run: (text, params) => { texts.push(text); return inner.run(text, params) },
  }
  return { sql, texts }
}

describe('multi-row writes on SQLite', () => {
  it('write every row in order, whatever the batch size, with a dozen statement texts for 300 sizes', async () => {
    const client = new Database(':memory:')
    client.exec('CREATE TABLE "Row" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "batch" INTEGER, "position" INTEGER, "label" TEXT)')
    const { sql, texts } = recording(client)
    for (let size = 1; size <= 300; size++) {
      const rows = Array.from({ length: size }, (_, position) => ({ batch: size, position, label: null }))
      const ids = await insertRowsReturningIds(sql, 'Row', rows)
      expect(ids).toHaveLength(size)
      // The ids come back in the order of the rows: each belongs to its row.
      const stored = client.prepare('SELECT "id", "position" FROM "Row" WHERE "batch" = ? ORDER BY "id"').all(size) as { id: number, position: number }[]
      expect(stored.map(r => r.position)).toEqual(rows.map(r => r.position))
      expect(stored.map(r => r.id)).toEqual(ids)
      await bulkUpdate(sql, 'Row', { label: 'text' }, ids.map((id, position) => ({ id, values: { label: `${size}:${position}` } })))
    }
    const labels = client.prepare('SELECT "batch", "position", "label" FROM "Row"').all() as { batch: number, position: number, label: string }[]
    expect(labels).toHaveLength(300 * 301 / 2)
    expect(labels.every(r => r.label === `${r.batch}:${r.position}`)).toBe(true)
    // Powers of two: 1, 2, 4 … 256 rows for the inserts, and updates padded up to 512 (one text per size was 600).
    expect(new Set(texts).size).toBeLessThanOrEqual(20)
    client.close()
  })
})
