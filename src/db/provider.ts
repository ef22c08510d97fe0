// Which database a DATABASE_URL points at. SQLite is the default (one file, no server);
// PostgreSQL is for towns running several instances.
import path from 'node:path'

export type DatabaseProvider = 'sqlite' | 'postgresql'

export const DEFAULT_DATABASE_URL = 'file:./data/assistant.db' // CONTRACT.md

export function providerOf (databaseUrl: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql'
  if (databaseUrl.startsWith('file:')) return 'sqlite'
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${databaseUrl.split(':')[0]}:")`)
}

/** `file:./data/assistant.db` → absolute path of the SQLite file (relative to the working directory). */
export function sqliteFilePath (databaseUrl: string): string {
  const raw = databaseUrl.slice('file:'.length).split('?')[0]
  if (raw === ':memory:') return raw
  return path.resolve(raw)
}
