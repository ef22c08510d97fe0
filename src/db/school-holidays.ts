// The SchoolHoliday repository: the school holidays of every zone, as the assistant reads them
// (through the town data cache). The whole list is written by a town import (src/db/town-file-rows.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type StoredSchoolHoliday = { id: string, name: string, zone: string, from: string, to: string }

/** Every zone's holidays, earliest first (from and to as YYYY-MM-DD). */
export async function schoolHolidaysByStart (on: DbOrTx): Promise<StoredSchoolHoliday[]> {
  return prismaFor(on).schoolHoliday.findMany({ orderBy: { from: 'asc' } })
}
