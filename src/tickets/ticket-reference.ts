// Ticket references: <PREFIX>-<year>-<5 digits>, e.g. DEM-2026-00042 (CONTRACT.md).
import type { Tx } from '../db/client.ts'

export function formatReference (prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(5, '0')}`
}

/**
 * The next number of the year, gap-free: the counter row is incremented inside the transaction
 * that creates the ticket, so a rolled-back creation gives its number back. The UPDATE takes the
 * row lock on PostgreSQL and the write lock on SQLite: concurrent creations queue, never collide.
 */
export async function allocateReference (tx: Tx, prefix: string, year: number): Promise<{ reference: string, seq: number }> {
  const counter = await tx.ticketCounter.upsert({
    where: { year },
    create: { year, last: 1 },
    update: { last: { increment: 1 } },
  })
  return { reference: formatReference(prefix, year, counter.last), seq: counter.last }
}
