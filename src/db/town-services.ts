// The MunicipalService and TicketCategory repository for town data: the services' names, contacts
// and hours, and the categories' visibility, as administrators change them (/api/town/services,
// /api/town/categories) and as the assistant reads them (the town data cache). The whole lists are
// written by a town import (src/db/town-file-rows.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

/** The services in the town file's order, with what conversations say of them. */
export async function servicesForAnswers (on: DbOrTx): Promise<{ code: string, nameFr: string, nameEn: string, openingHours: string }[]> {
  return prismaFor(on).municipalService.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }], select: { code: true, nameFr: true, nameEn: true, openingHours: true } })
}

/** The French name of the service with this code; null when there is none. */
export async function serviceNameFr (on: DbOrTx, code: string): Promise<string | null> {
  const service = await prismaFor(on).municipalService.findUnique({ where: { code }, select: { nameFr: true } })
  return service?.nameFr ?? null
}

export type ServiceDetails = { nameFr: string, nameEn: string, email: string | null, phone: string | null, address: string | null, openingHours: string }

export async function updateServiceDetails (on: DbOrTx, code: string, details: ServiceDetails): Promise<void> {
  await prismaFor(on).municipalService.update({ where: { code }, data: details })
}

/** Public categories are listed by Open311. False when no category has this code. */
export async function setCategoryPublic (on: DbOrTx, code: string, isPublic: boolean): Promise<boolean> {
  const { count } = await prismaFor(on).ticketCategory.updateMany({ where: { code }, data: { open311: isPublic } })
  return count > 0
}
