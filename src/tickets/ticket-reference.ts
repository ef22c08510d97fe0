// Ticket references: <PREFIX>-<year>-<5 digits>, e.g. DEM-2026-00042 (CONTRACT.md).
import type { Tx } from '../db/client.ts'

export function formatReference (prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(5, '0')}`
}

/**
 * The next number of the year, gap-free: the counter row is incremented inside the transaction
 * that creates the ticket, so a rolled-back creation gives its number back. One atomic
 * INSERT … ON CONFLICT DO UPDATE … RETURNING (same SQL on SQLite ≥ 3.35 and PostgreSQL): the
 * first tickets of a year created at once cannot both insert the row (Prisma's upsert may
 * read-then-write), and the row lock makes concurrent creations queue, never collide.
 */
export async function allocateReference (tx: Tx, prefix: string, year: number): Promise<{ reference: string, seq: number }> {
  const rows = await tx.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "TicketCounter" ("year", "last") VALUES (${year}, 1)
    ON CONFLICT ("year") DO UPDATE SET "last" = "TicketCounter"."last" + 1
    RETURNING "last"`
  const seq = Number(rows[0].last)
  return { reference: formatReference(prefix, year, seq), seq }
}
