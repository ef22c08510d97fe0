// The schema (prisma/schema.prisma) and each database's migration history describe the same
// tables and indexes: a change to one without the other would reach users as a database that
// is not what the code expects. The diff is the one `npm run db:migration:create` computes; on
// SQLite it replays the history, partial indexes included, through better-sqlite3.
import { describe, expect, it } from 'vitest'
import { diffSchemaAgainstMigrations } from '../../../src/db/schema-engine.ts'
import { PG_ADMIN_URL } from '../../helpers/databases.ts'

describe('the schema and the migrations', () => {
  it('are in step on SQLite: creating a migration finds nothing to create', async () => {
    expect(await diffSchemaAgainstMigrations('file::memory:')).toBe('')
  }, 60_000)

  it('are in step on PostgreSQL', async () => {
    expect(await diffSchemaAgainstMigrations(PG_ADMIN_URL)).toBe('')
  }, 60_000)
})
