// Once per test run: a migrated SQLite template file and a migrated PostgreSQL template database,
// which every test copies (migrating takes about a second). Migrations run in a child process
// through the project's own `db:migrate` command, exactly as an administrator would run them.
import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import pg from 'pg'

const TMP_DIR = path.resolve('.test-tmp')
const TEMPLATE_DB = path.join(TMP_DIR, 'template.db')
const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
export const PG_TEMPLATE = `assistant_test_template_${process.pid}`

function migrate (databaseUrl: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'src/db/cli.ts', 'migrate'], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'ignore', 'inherit'] })
}

async function admin<T> (run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL })
  await client.connect()
  try { return await run(client) } finally { await client.end() }
}

export default async function setup ({ provide }: { provide: (key: string, value: unknown) => void }): Promise<() => Promise<void>> {
  fs.mkdirSync(TMP_DIR, { recursive: true })
  // Built aside, then renamed: test runs started by others in the same tree keep copying a whole template.
  const building = path.join(TMP_DIR, `template-${process.pid}.db`)
  fs.rmSync(building, { force: true })
  migrate(`file:${building}`)
  fs.renameSync(building, TEMPLATE_DB)
  fs.rmSync(`${building}-journal`, { force: true }) // the migration leaves its (persisted) journal behind
  await admin(c => c.query(`DROP DATABASE IF EXISTS "${PG_TEMPLATE}" WITH (FORCE)`))
  await admin(c => c.query(`CREATE DATABASE "${PG_TEMPLATE}"`))
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${PG_TEMPLATE}`
  migrate(url.toString())
  provide('pgTemplate', PG_TEMPLATE)
  return async () => {
    await admin(c => c.query(`DROP DATABASE IF EXISTS "${PG_TEMPLATE}" WITH (FORCE)`))
  }
}
