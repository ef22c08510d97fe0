// Real databases for tests: a fresh SQLite file copied from the migrated template, or a
// PostgreSQL database created on 127.0.0.1:5432 for this run and dropped afterwards.
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

const TMP_DIR = path.resolve('.test-tmp')
const TEMPLATE_DB = path.join(TMP_DIR, 'template.db')
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export function freshSqliteUrl (): { url: string, file: string, remove: () => void } {
  const file = path.join(TMP_DIR, `test-${randomUUID()}.db`)
  fs.copyFileSync(TEMPLATE_DB, file)
  return {
    url: `file:${file}`,
    file,
    remove: () => { for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true }) },
  }
}

export async function freshPostgresUrl (): Promise<{ url: string, remove: () => Promise<void> }> {
  const name = `assistant_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  await admin.connect()
  // A copy of the migrated template made by global-setup.ts.
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('pgTemplate' as never) as string}"`)
  await admin.end()
  const base = new URL(PG_ADMIN_URL)
  base.pathname = `/${name}`
  const url = base.toString()
  return {
    url,
    async remove () {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await c.end()
    },
  }
}
