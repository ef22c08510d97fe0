// Ticket references: <PREFIX>-<year>-<5 digits>, e.g. DEM-2026-00042 (CONTRACT.md).
import type { DbOrTx } from '../db/transaction.ts'
import { nextTicketNumber } from '../db/ticket-counter.ts'

export function formatReference (prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(5, '0')}`
}

/** The next reference of the year, gap-free (src/db/ticket-counter.ts). */
export async function allocateReference (tx: DbOrTx, prefix: string, year: number): Promise<{ reference: string, seq: number }> {
  const seq = await nextTicketNumber(tx, year)
  return { reference: formatReference(prefix, year, seq), seq }
}
