// The per-year ticket counter behind references (DEM-2026-00042; formatting: src/tickets/ticket-reference.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

/**
 * The next number of the year, gap-free: the counter row is incremented inside the transaction
 * that creates the ticket, so a rolled-back creation gives its number back. One atomic
 * INSERT … ON CONFLICT DO UPDATE … RETURNING (same SQL on SQLite ≥ 3.35 and PostgreSQL): the
 * first tickets of a year created at once cannot both insert the row (Prisma's upsert may
 * read-then-write), and the row lock makes concurrent creations queue, never collide.
 */
export async function nextTicketNumber (on: DbOrTx, year: number): Promise<number> {
  const rows = await prismaFor(on).$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "TicketCounter" ("year", "last") VALUES (${year}, 1)
    ON CONFLICT ("year") DO UPDATE SET "last" = "TicketCounter"."last" + 1
    RETURNING "last"`
  return Number(rows[0].last)
}
