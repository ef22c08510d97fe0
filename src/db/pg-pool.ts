// PostgreSQL pools for the schema engine, with the two fixes RECIPES.md (Prisma) found necessary.
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { poolConfigOf } from './pg-config.ts'

/**
 * The wasm schema engine reads pg_catalog columns of type "char" (OID 18), which adapter-pg
 * cannot deserialise; present them as text (OID 25). Only introspection needs this.
 */
function withCharAsText (pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>
  ;(pool as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    const result = await query(...args)
    for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25
    return result
  }
  return pool
}

/** A migration-aware adapter factory whose shadow database is really separate and really dropped. */
export function migrationAdapterFactory (databaseUrl: string): { factory: SqlMigrationAwareDriverAdapterFactory, close: () => Promise<void> } {
  const mainPool = withCharAsText(new pg.Pool(poolConfigOf(databaseUrl)))
  const main = new PrismaPg(mainPool)
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb (): Promise<SqlDriverAdapter> {
      const name = `shadow_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
      await mainPool.query(`CREATE DATABASE "${name}"`)
      const shadowPool = withCharAsText(new pg.Pool(poolConfigOf(databaseUrl, name)))
      // DROP ... WITH (FORCE) ends connections the engine may still hold: expected, not an error.
      shadowPool.on('error', () => {})
      const adapter = await new PrismaPg(shadowPool).connect()
      const dispose = adapter.dispose.bind(adapter)
      adapter.dispose = async () => {
        await dispose()
        await shadowPool.end()
        await mainPool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      }
      return adapter
    },
  }
  return { factory, close: () => mainPool.end() }
}
