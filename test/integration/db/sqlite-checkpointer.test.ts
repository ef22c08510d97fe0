// The WAL must start over under a steady write load, without the app's own connection
// copying it back in the foreground (src/db/sqlite-checkpointer.ts). The WAL file only shrinks
// back at a restart, so its size is the longest the WAL got between two restarts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { applyMigrations } from '../../../src/db/schema-engine.ts'
import { openDatabase, type Database } from '../../../src/db/client.ts'
import { transaction } from '../../../src/db/sql.ts'
import { SAFETY_NET_PAGES } from '../../../src/db/sqlite-checkpointer.ts'

const PAGE = 4096
let database: Database | undefined
let dir: string | undefined
afterEach(async () => {
  await database?.close()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

it('keeps the WAL short under a steady write load, with every write kept', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpointer-'))
  const file = path.join(dir, 'app.db')
  await applyMigrations(`file:${file}`)
  database = await openDatabase(`file:${file}`)
  const { db } = database
  const rows = 25
  const value = (round: number) => `${round}:`.padEnd(3000, 'x') // one page per row
  await transaction(db, async sql => {
    for (let i = 0; i < rows; i++) await sql.run('INSERT INTO "ChannelState" ("key", "value", "updatedAt") VALUES (?, ?, ?)', [`k${i}`, value(0), new Date()])
  })

  // Rewriting every row is at least `rows` pages in the WAL: twice the safety net in all, at
  // about 10,000 pages a second (the web chat at 2,000 messages/s writes three times that).
  const rounds = Math.ceil(2 * SAFETY_NET_PAGES / rows)
  let longestWal = 0
  for (let round = 1; round <= rounds; round++) {
    await transaction(db, async sql => {
      for (let i = 0; i < rows; i++) await sql.run('UPDATE "ChannelState" SET "value" = ? WHERE "key" = ?', [value(round), `k${i}`])
    })
    longestWal = Math.max(longestWal, fs.statSync(`${file}-wal`).size)
    await new Promise(resolve => setTimeout(resolve, 2))
  }

  // Without restarts the WAL would reach the safety net (the app checkpointing on its own).
  expect(longestWal / PAGE).toBeLessThan(SAFETY_NET_PAGES * 3 / 4)
  const stored = await db.channelState.findMany({ where: { key: { startsWith: 'k' } } })
  expect(stored).toHaveLength(rows)
  expect(stored.every(r => r.value === value(rounds))).toBe(true)
}, 60_000)
