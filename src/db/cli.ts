// npm run db:generate | db:migrate | db:migration:create <name>
// The project's own wrapper around Prisma, because Prisma's CLI cannot download its engines here.
import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { applyMigrations, createMigration, datamodelFor, PRISMA_DIR } from './schema-engine.ts'
import { DEFAULT_DATABASE_URL, type DatabaseProvider } from './provider.ts'

const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql']
// Where `db:migration:create` finds a PostgreSQL server to replay the history on (a temporary shadow database).
const PG_URL = process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

/** Generates both Prisma clients; `prisma generate` only checks that an engine path exists. */
export function generateClients (): void {
  const dir = path.join(PRISMA_DIR, '..', 'generated')
  fs.mkdirSync(dir, { recursive: true })
  for (const provider of PROVIDERS) {
    const schemaPath = path.join(dir, `schema.${provider}.prisma`)
    fs.writeFileSync(schemaPath, datamodelFor(provider).replaceAll('"../generated/', '"./'))
    execFileSync(process.execPath, [path.join(PRISMA_DIR, '..', 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--schema', schemaPath], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', PRISMA_SCHEMA_PATH: schemaPath },
    })
    const classPath = path.join(dir, provider, 'internal', 'class.ts')
    fs.writeFileSync(classPath, readQueryCompilerOnce(fs.readFileSync(classPath, 'utf8')))
  }
}

// The generated client imports its query compiler as a module whose one export is the
// WebAssembly in base64 (4.4 MB). An imported module stays loaded for the process's life, and
// with it its source text and the string: 8.8 MB of heap kept for a compile done once at the
// first query. Read as a file instead, the text is garbage once compiled (issue 19, memory).
const WASM_IMPORT = /const \{ wasm \} = await import\(("@prisma\/client\/runtime\/query_compiler_\w+_bg\.\w+\.wasm-base64\.mjs")\)/
export function readQueryCompilerOnce (classSource: string): string {
  const found = WASM_IMPORT.exec(classSource)
  if (!found) throw new Error('the generated Prisma client no longer imports its query compiler as expected: see readQueryCompilerOnce in src/db/cli.ts')
  return classSource.replace(WASM_IMPORT, [
    '// (npm run db:generate: read, not imported, so that the text is not kept once compiled)',
    `    const source = await (await import('node:fs/promises')).readFile((await import('node:module')).createRequire(import.meta.url).resolve(${found[1]}), 'utf8')`,
    '    const wasm = source.slice(source.indexOf(\'"\') + 1, source.lastIndexOf(\'"\'))',
  ].join('\n'))
}

async function main (): Promise<void> {
  const [command, name] = process.argv.slice(2)
  if (command === 'generate') {
    generateClients()
    console.log('Prisma clients generated (sqlite, postgresql)')
  } else if (command === 'migrate') {
    const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
    const applied = await applyMigrations(url)
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
  } else if (command === 'migration:create') {
    if (!name) throw new Error('usage: npm run db:migration:create -- <name>')
    const created = [
      await createMigration('file::memory:', name),
      await createMigration(PG_URL, name),
    ].filter(Boolean)
    console.log(created.length ? `created:\n${created.join('\n')}` : 'no schema change: nothing to create')
  } else {
    throw new Error('usage: db/cli.ts generate | migrate | migration:create <name>')
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(() => process.exit(0), (error: Error) => { console.error(error.message); process.exit(1) })
}
