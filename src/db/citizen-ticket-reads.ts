// What a citizen may ask of their tickets in a conversation (« où en est ma demande ? »), read
// fresh at each question (not cached with the town data): their open tickets, and one ticket by
// its reference with its service's name.
import { prismaFor, type DbOrTx } from './transaction.ts'

export type CitizenTicketLine = { reference: string, title: string, status: string, updatedAt: Date }

/** The citizen's tickets in one of `statuses`, newest first. */
export async function ticketsOfCitizenIn (on: DbOrTx, citizenId: string, statuses: string[]): Promise<CitizenTicketLine[]> {
  return prismaFor(on).ticket.findMany({
    where: { citizenId, status: { in: statuses } },
    orderBy: { createdAt: 'desc' },
    select: { reference: true, title: true, status: true, updatedAt: true },
  })
}

export type TicketSummary = { reference: string, title: string, status: string, citizenId: string | null, updatedAt: Date, serviceCode: string }

/** The ticket with this reference, or null. */
export async function ticketSummaryByReference (on: DbOrTx, reference: string): Promise<TicketSummary | null> {
  return prismaFor(on).ticket.findUnique({ where: { reference }, select: { reference: true, title: true, status: true, citizenId: true, updatedAt: true, serviceCode: true } })
}
