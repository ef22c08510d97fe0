// The WasteCollection repository: one row per (zone, stream) with its days, as the assistant reads
// them (through the town data cache) and as a street list upload changes a zone's streets. The
// whole list is written by a town import (src/db/town-file-rows.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type StoredWasteCollection = { id: string, area: string, streets: string, stream: string, days: string, notes: string | null, rule: string | null, zone: string, position: number }

/** Every collection, in the town file's order (streets comma separated, days a JSON array). */
export async function wasteCollectionsInOrder (on: DbOrTx): Promise<StoredWasteCollection[]> {
  return prismaFor(on).wasteCollection.findMany({ orderBy: [{ position: 'asc' }, { area: 'asc' }, { stream: 'asc' }] })
}

/** The streets of every collection of the zone with this code. False when no collection has that zone. */
export async function setWasteZoneStreets (on: DbOrTx, zone: string, streets: string[]): Promise<boolean> {
  const { count } = await prismaFor(on).wasteCollection.updateMany({ where: { zone }, data: { streets: streets.join(',') } })
  return count > 0
}
