// A write refused by a unique index, whichever way it ran: how a provider's retry of the same
// message is recognised without a racy lookup first.
import { Prisma } from '../../generated/sqlite/client.ts'

/** Prisma's unique-constraint violation: how a provider's retry is recognised without a racy lookup. */
export function isUniqueViolation (error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // P2002 from the model API; a raw query on PostgreSQL reports the server's SQLSTATE.
    return error.code === 'P2002' || (error.code === 'P2010' && (error.meta as { code?: string } | undefined)?.code === '23505')
  }
  // The hand-written hot path on SQLite (src/db/sql.ts) gets better-sqlite3's own error.
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}
