// The CanteenMenu repository: the school canteen's dated menus, as the assistant reads them (one
// day at a time, through the town data cache) and as a CSV upload writes them. The whole list is
// written by a town import (src/db/town-file-rows.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type CanteenMenuOfDay = { date: string, starter: string | null, main: string, side: string | null, dessert: string | null }

/** The dated menu of this day (YYYY-MM-DD), or null. */
export async function canteenMenuOn (on: DbOrTx, date: string): Promise<CanteenMenuOfDay | null> {
  return prismaFor(on).canteenMenu.findUnique({ where: { date }, select: { date: true, starter: true, main: true, side: true, dessert: true } })
}

export type CanteenMenuFields = { date: string, starter: string | null, main: string, side: string | null, dessert: string | null, notes: string | null }

/** Each day's menu created or replaced, one statement a day: run it in a transaction (all or none). */
export async function upsertCanteenMenus (on: DbOrTx, menus: CanteenMenuFields[]): Promise<void> {
  const tx = prismaFor(on)
  for (const { date, ...fields } of menus) await tx.canteenMenu.upsert({ where: { date }, create: { date, ...fields }, update: fields })
}
