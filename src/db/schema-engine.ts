// Migrations without a downloaded engine: Prisma's own schema engine, compiled to WebAssembly,
// driven through the same driver adapters the application uses.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg'
import { providerOf, sqliteFilePath, type DatabaseProvider } from './provider.ts'
import { migrationAdapterFactory } from './pg-pool.ts'

export const PRISMA_DIR = path.resolve(import.meta.dirname, '../../prisma')
export const migrationsDir = (provider: DatabaseProvider) => path.join(PRISMA_DIR, 'migrations', provider)

/** Objects made by hand-written SQL (full-text search), which the datamodel does not know about. */
const EXTERNAL_TABLES = ['message_fts', 'message_fts_progress', 'message_fts_data', 'message_fts_idx', 'message_fts_content', 'message_fts_docsize', 'message_fts_config']
const filtersFor = (provider: DatabaseProvider) => ({
  // PostgreSQL wants schema-qualified names here.
  externalTables: provider === 'sqlite' ? [...EXTERNAL_TABLES] : EXTERNAL_TABLES.map(t => `public.${t}`),
  externalEnums: [] as string[],
})

let wasmReady = false
function loadWasm (): void {
  if (wasmReady) return
  // Node 20 cannot import a .wasm module: instantiate it by hand and hand it to the bindings.
  const jsPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const module = new WebAssembly.Module(fs.readFileSync(jsPath.replace(/\.js$/, '.wasm')))
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': bg as unknown as Record<string, WebAssembly.ImportValue> })
  ;(bg as unknown as { __wbg_set_wasm: (e: unknown) => void }).__wbg_set_wasm(instance.exports)
  ;(instance.exports as unknown as { __wbindgen_start: () => void }).__wbindgen_start()
  wasmReady = true
}

/** The datamodel for a provider: the one schema, with the provider line swapped for PostgreSQL. */
export function datamodelFor (provider: DatabaseProvider): string {
  const schema = fs.readFileSync(path.join(PRISMA_DIR, 'schema.prisma'), 'utf8')
  return provider === 'sqlite' ? schema : schema.replace('provider = "sqlite"', 'provider = "postgresql"').replace('../generated/sqlite', '../generated/postgresql')
}

type MigrationsList = {
  baseDir: string
  lockfile: { path: string, content: string | null }
  shadowDbInitScript: string
  migrationDirectories: { path: string, migrationFile: { path: string, content: { tag: 'ok', value: string } } }[]
}

export function listMigrations (provider: DatabaseProvider): MigrationsList {
  const baseDir = migrationsDir(provider)
  fs.mkdirSync(baseDir, { recursive: true })
  const lockPath = path.join(baseDir, 'migration_lock.toml')
  const dirs = fs.readdirSync(baseDir, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name).sort()
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map(name => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: fs.readFileSync(path.join(baseDir, name, 'migration.sql'), 'utf8') } },
    })),
  }
}

/**
 * The engine replays a whole migration file through `executeRaw` on the SQLite shadow database,
 * which better-sqlite3 refuses ("more than one statement"): run such scripts with `executeScript`.
 */
function withScriptFallback (adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter)
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query)
    try {
      return await executeRaw(query)
    } catch (error) {
      if (!(error instanceof RangeError) || !/more than one statement/.test(error.message)) throw error
      await adapter.executeScript(query.sql)
      return 0
    }
  }
  return adapter
}

/**
 * The engine reads a partial index's definition with `… name = "<index>"`: a string between double
 * quotes, which better-sqlite3's SQLite (built without double-quoted string literals) takes for a
 * column name and refuses, so no migration could be created once a partial index exists. The name
 * is quoted as a string instead.
 */
const INDEX_DEFINITION = /^(SELECT sql FROM sqlite_master WHERE type = 'index' AND name = )"([^"]*)"/
function withIndexDefinitionQuoted (adapter: SqlDriverAdapter): SqlDriverAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter)
  adapter.queryRaw = async (query) => {
    const found = INDEX_DEFINITION.exec(query.sql)
    if (!found) return queryRaw(query)
    return queryRaw({ ...query, sql: `${found[1]}'${found[2].replaceAll("'", "''")}'${query.sql.slice(found[0].length)}` })
  }
  return adapter
}

type Engine = Awaited<ReturnType<typeof bg.SchemaEngine.new>>

async function withEngine<T> (databaseUrl: string, run: (engine: Engine, provider: DatabaseProvider) => Promise<T>): Promise<T> {
  loadWasm()
  const provider = providerOf(databaseUrl)
  let factory: SqlMigrationAwareDriverAdapterFactory
  let close = async () => {}
  if (provider === 'sqlite') {
    const file = sqliteFilePath(databaseUrl)
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
    factory = new PrismaBetterSqlite3({ url: file }, { shadowDatabaseUrl: ':memory:' })
    const sqlite = factory as PrismaBetterSqlite3
    // The engine never closes its connections: left open, the file stays locked (a shared lock)
    // until garbage collection, and the app's own connection could not switch it to WAL.
    const opened: SqlDriverAdapter[] = []
    const connect = sqlite.connect.bind(sqlite)
    const connectToShadowDb = sqlite.connectToShadowDb.bind(sqlite)
    sqlite.connect = async () => { const adapter = withIndexDefinitionQuoted(await connect()); opened.push(adapter); return adapter }
    sqlite.connectToShadowDb = async () => { const adapter = withIndexDefinitionQuoted(withScriptFallback(await connectToShadowDb())); opened.push(adapter); return adapter }
    close = async () => { for (const adapter of opened.splice(0)) await adapter.dispose() }
  } else {
    ({ factory, close } = migrationAdapterFactory(databaseUrl))
  }
  const log = () => {}
  const engine = await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', datamodelFor(provider)]] } as never, log, bindMigrationAwareSqlAdapterFactory(factory))
  try {
    return await run(engine, provider)
  } finally {
    engine.free()
    await close()
  }
}

/** Applies every migration not yet applied; returns their names. Idempotent. */
export async function applyMigrations (databaseUrl: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine, provider) => {
    const result = await engine.applyMigrations({ migrationsList: listMigrations(provider), filters: filtersFor(provider) } as never)
    return (result as { appliedMigrationNames: string[] }).appliedMigrationNames
  })
}

/** The SQL that brings the migrations history up to the schema, or '' when nothing changed. */
export async function diffSchemaAgainstMigrations (databaseUrl: string): Promise<string> {
  return withEngine(databaseUrl, async (engine, provider) => {
    const list = listMigrations(provider)
    const from = list.migrationDirectories.length ? { tag: 'migrations', ...list } : { tag: 'empty' }
    const to = { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: datamodelFor(provider) }] }
    const result = await engine.diff({ from, to, script: true, exitCode: null, filters: filtersFor(provider) } as never) as { stdout?: string }
    const sql = result.stdout ?? ''
    return /^\s*(--.*\n?\s*)*$/.test(sql) || sql.includes('This is an empty migration') ? '' : sql
  })
}

/** Writes a new migration folder when the schema changed; returns its path or undefined. */
export async function createMigration (databaseUrl: string, name: string): Promise<string | undefined> {
  const provider = providerOf(databaseUrl)
  const sql = await diffSchemaAgainstMigrations(databaseUrl)
  if (!sql) return undefined
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  const dir = path.join(migrationsDir(provider), `${stamp}_${name.replace(/[^a-z0-9_]+/gi, '_')}`)
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql)
  const lock = path.join(migrationsDir(provider), 'migration_lock.toml')
  if (!fs.existsSync(lock)) fs.writeFileSync(lock, `# Please do not edit this file manually\nprovider = "${provider}"\n`)
  return dir
}
