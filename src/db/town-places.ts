// The Place repository: the town's places (town hall, library, pool…) with their hours, and their
// dated exceptions (closures and exceptional openings) as administrators edit them
// (/api/town/places, /api/town/closures) and as the assistant reads them (the town data cache).
// The whole list is written by a town import (src/db/town-file-rows.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type StoredPlaceException = { id: string, placeId: string, from: Date, to: Date, open: boolean, noteFr: string | null, noteEn: string | null, createdAt: Date }
export type StoredPlace = {
  id: string, code: string, kind: string, nameFr: string, nameEn: string, aliases: string, address: string, phone: string | null,
  hours: string, notes: string | null, openingHours: string, position: number
}

/** The places in the town file's order, each with its exceptions that end after `since`, earliest first. */
export async function placesWithExceptionsEndingAfter (on: DbOrTx, since: Date): Promise<(StoredPlace & { exceptions: StoredPlaceException[] })[]> {
  return prismaFor(on).place.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }], include: { exceptions: { where: { to: { gte: since } }, orderBy: { from: 'asc' } } } })
}

/** Fields an administrator may change on a place (the route refuses a null address or opening hours). */
export type PlaceFields = { openingHours?: string, notes?: string | null, phone?: string | null, address?: string }

/** False when no place has this code. */
export async function updatePlaceByCode (on: DbOrTx, code: string, fields: PlaceFields): Promise<boolean> {
  const { count } = await prismaFor(on).place.updateMany({ where: { code }, data: fields })
  return count > 0
}

export async function placeIdOfCode (on: DbOrTx, code: string): Promise<string | null> {
  const place = await prismaFor(on).place.findUnique({ where: { code }, select: { id: true } })
  return place?.id ?? null
}

/** Every dated exception (of one place when a code is given), earliest first, with its place's code. */
export async function placeExceptionsByStart (on: DbOrTx, placeCode?: string): Promise<(StoredPlaceException & { placeCode: string })[]> {
  const rows = await prismaFor(on).placeException.findMany({ where: placeCode ? { place: { code: placeCode } } : {}, include: { place: { select: { code: true } } }, orderBy: { from: 'asc' } })
  return rows.map(({ place, ...e }) => ({ ...e, placeCode: place.code }))
}

export type NewPlaceException = { placeId: string, from: Date, to: Date, open: boolean, noteFr: string | null, noteEn: string | null }

/** A closure or exceptional opening; its id. */
export async function createPlaceException (on: DbOrTx, exception: NewPlaceException): Promise<string> {
  const row = await prismaFor(on).placeException.create({ data: exception, select: { id: true } })
  return row.id
}

/** False when there was no such exception. */
export async function deletePlaceException (on: DbOrTx, id: string): Promise<boolean> {
  const { count } = await prismaFor(on).placeException.deleteMany({ where: { id } })
  return count > 0
}
