// Hot-path writes that are ready together commit together (src/db/group-commit.ts): what a
// piece of work can count on, on both databases.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { GroupCommit } from '../../../src/db/group-commit.ts'
import type { Sql } from '../../../src/db/sql.ts'
import type { Transaction } from '../../../src/db/transaction.ts'

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`group commit on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    const insert = (sql: Sql, key: string) => sql.run('INSERT INTO "ChannelState" ("key", "value", "updatedAt") VALUES (?, ?, ?)', [key, '1', new Date()])
    const addState = (key: string) => async ({ sql }: Transaction) => {
      await insert(sql, key)
      return (await sql.all<{ key: string }>('SELECT "key" FROM "ChannelState" WHERE "key" LIKE ? ORDER BY "key"', ['gc:%'])).map(r => r.key)
    }

    it('runs work queued together in order, each piece seeing what the previous wrote, and resolves each with its own result', async () => {
      t = await buildTestApp({ db })
      const commit = new GroupCommit(t.database.db)
      const results = await Promise.all(['gc:a', 'gc:b', 'gc:c'].map(key => commit.run(addState(key))))
      expect(results).toEqual([['gc:a'], ['gc:a', 'gc:b'], ['gc:a', 'gc:b', 'gc:c']])
    })

    it('refuses only the piece that fails: the others queued with it are committed', async () => {
      t = await buildTestApp({ db })
      const commit = new GroupCommit(t.database.db)
      const outcomes = await Promise.allSettled([
        commit.run(addState('gc:first')),
        commit.run(async ({ sql }) => { await insert(sql, 'gc:bad'); throw new Error('this piece fails') }),
        commit.run(addState('gc:last')),
      ])
      expect(outcomes.map(o => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      const keys = (await t.database.db.channelState.findMany({ where: { key: { startsWith: 'gc:' } }, orderBy: { key: 'asc' } })).map(r => r.key)
      expect(keys).toEqual(['gc:first', 'gc:last'])
    })
  })
}
