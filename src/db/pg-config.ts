// A PostgreSQL URL as pg's pool settings. Apart from pg-pool.ts, which loads pg itself: on SQLite
// the app imports this without loading the PostgreSQL driver.
import type pg from 'pg'

/** Discrete fields: pg lets `connectionString` override `database`, which would make a "shadow" of the main DB. */
export function poolConfigOf (databaseUrl: string, database?: string): pg.PoolConfig {
  const u = new URL(databaseUrl)
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: database ?? (decodeURIComponent(u.pathname.slice(1)) || 'postgres'),
    max: 4,
  }
}
