// While another connection of the same file writes (the broadcast planner's thread holds the
// app's write gate, src/db/sqlite-serialized.ts), the app goes on reading, through its SQL and
// through Prisma, and its writes wait their turn without blocking the event loop; once the gate
// is released they land, and they see the other connection's rows.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, expect, it } from 'vitest'
import { applyMigrations } from '../../../src/db/schema-engine.ts'
import { openDatabase, type Database as AppDatabase } from '../../../src/db/client.ts'
import { rawSqliteOf, sqlOf, transaction } from '../../../src/db/sql.ts'

let database: AppDatabase | undefined
let other: Database.Database | undefined
let dir: string | undefined
afterEach(async () => {
  other?.close()
  await database?.close()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const settled = async (promise: Promise<unknown>) => {
  let done = false
  void promise.then(() => { done = true }, () => { done = true })
  // Several turns of the event loop: a write that could go would have gone.
  for (let i = 0; i < 5; i++) await new Promise(resolve => setTimeout(resolve, 10))
  return done
}

it('reads while another connection holds the write gate, and writes after it', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-gate-'))
  const file = path.join(dir, 'app.db')
  await applyMigrations(`file:${file}`)
  database = await openDatabase(`file:${file}`)
  const { db } = database
  await sqlOf(db).run('INSERT INTO "ChannelState" ("key", "value", "updatedAt") VALUES (?, ?, ?)', ['before', '1', new Date()])
  const raw = rawSqliteOf(db)!

  // The other connection takes the gate, then SQLite's write lock, as the planner does.
  const leave = await raw.gate()
  other = new Database(file, { timeout: 10_000 })
  other.exec('BEGIN IMMEDIATE')
  other.prepare('INSERT INTO "ChannelState" ("key", "value", "updatedAt") VALUES (?, ?, ?)').run('planner', '2', new Date().toISOString())

  // Reads go on, by hand-written SQL and by Prisma, and see what was committed.
  const read = await sqlOf(db).all<{ key: string }>('SELECT "key" FROM "ChannelState" ORDER BY "key"')
  expect(read.map(r => r.key)).toEqual(['before'])
  expect((await db.channelState.findMany()).map(r => r.key)).toEqual(['before'])

  // Writes wait, asynchronously: the event loop keeps turning (settled() needs its timers).
  const rawWrite = sqlOf(db).run('INSERT INTO "ChannelState" ("key", "value", "updatedAt") VALUES (?, ?, ?)', ['app-sql', '3', new Date()])
  const inTransaction = transaction(db, async sql => sql.run('UPDATE "ChannelState" SET "value" = ? WHERE "key" = ?', ['4', 'before']))
  const prismaWrite = db.channelState.create({ data: { key: 'app-prisma', value: '5' } })
  expect(await settled(Promise.all([rawWrite, inTransaction, prismaWrite]))).toBe(false)
  expect(raw.writersWaiting()).toBeGreaterThan(0)

  other.exec('COMMIT')
  leave()
  await Promise.all([rawWrite, inTransaction, prismaWrite])
  const after = await db.channelState.findMany({ orderBy: { key: 'asc' } })
  expect(after.map(r => [r.key, r.value])).toEqual([['app-prisma', '5'], ['app-sql', '3'], ['before', '4'], ['planner', '2']])
})
