// The Ticket repository: tickets, their categories (with the service that handles them), their
// timeline events and attached files, as the ticket services and the agents' routes read and
// write them. Prisma's client throughout: tickets are the rarer writes, in their own transactions
// or in a turn's (where the first Prisma call moves a plain SQLite transaction onto Prisma's).
import { satisfactionSurveyOn } from './town-settings.ts'
import { prismaFor, type DbOrTx } from './transaction.ts'

export type TicketRow = {
  id: string, reference: string, year: number, seq: number, kind: string, category: string, serviceCode: string, status: string,
  title: string, description: string, address: string | null, latitude: number | null, longitude: number | null, source: string,
  citizenId: string | null, conversationId: string | null, assignedAgentId: string | null, pendingQuestion: string | null,
  implicitDecisionAt: Date | null, decision: string | null, attributes: string | null, createdAt: Date, updatedAt: Date,
  closedAt: Date | null, satisfactionAskedAt: Date | null, satisfaction: number | null
}

export type ServiceRow = { code: string, nameFr: string, nameEn: string, email: string | null, phone: string | null, address: string | null, position: number, openingHours: string }

export type CategoryRow = {
  code: string, kind: string, nameFr: string, nameEn: string, descriptionFr: string | null, descriptionEn: string | null,
  serviceCode: string, open311: boolean, keywords: string | null, implicitDecisionDays: number | null, position: number
}

export type CategoryWithService = CategoryRow & { service: ServiceRow }

export type TicketEventRow = {
  id: string, ticketId: string, actorKind: string, actorId: string | null, type: string, fromStatus: string | null,
  toStatus: string | null, note: string | null, isPublic: boolean, createdAt: Date
}

/** A new timeline event; `createdAt` is the database's clock when absent. */
export type NewTicketEvent = Omit<TicketEventRow, 'id' | 'actorId' | 'fromStatus' | 'toStatus' | 'note' | 'isPublic' | 'createdAt'> & {
  actorId?: string, fromStatus?: string, toStatus?: string, note?: string | null, isPublic?: boolean, createdAt?: Date
}

export async function findCategory (on: DbOrTx, code: string): Promise<CategoryRow | null> {
  return prismaFor(on).ticketCategory.findUnique({ where: { code } })
}

export async function findCategoryWithService (on: DbOrTx, code: string): Promise<CategoryWithService | null> {
  return prismaFor(on).ticketCategory.findUnique({ where: { code }, include: { service: true } })
}

/** The town hall's postal address (the Place coded "mairie"), if the town has one. */
export async function townHallAddress (on: DbOrTx): Promise<string | null> {
  const townHall = await prismaFor(on).place.findUnique({ where: { code: 'mairie' }, select: { address: true } })
  return townHall?.address ?? null
}

/** Whether the town asks for satisfaction after a resolution (the town setting, read in `on`). */
export async function satisfactionSurveyEnabled (on: DbOrTx): Promise<boolean> {
  return satisfactionSurveyOn(prismaFor(on))
}

export type NewTicket = {
  reference: string, year: number, seq: number, kind: string, category: string, serviceCode: string, title: string,
  description: string, address?: string, latitude?: number, longitude?: number, source: string, citizenId?: string,
  conversationId?: string, implicitDecisionAt: Date | null, attributes: string | null, createdAt: Date
}

/** A new ticket with its first timeline event ('created', status new). */
export async function insertTicket (on: DbOrTx, ticket: NewTicket, creator: { actorKind: string, actorId?: string }): Promise<TicketRow> {
  return prismaFor(on).ticket.create({
    data: { ...ticket, events: { create: { actorKind: creator.actorKind, actorId: creator.actorId, type: 'created', toStatus: 'new', createdAt: ticket.createdAt } } },
  })
}

/** Attaches already stored files (a conversation's attachments) to a ticket. */
export async function attachFilesToTicket (on: DbOrTx, ticketId: string, attachmentIds: string[]): Promise<void> {
  await prismaFor(on).attachment.updateMany({ where: { id: { in: attachmentIds } }, data: { ticketId } })
}

export type NewTicketFile = { filename: string, contentType: string, size: number, data?: Uint8Array<ArrayBuffer>, sourceUrl?: string, createdAt: Date }

export async function addTicketFile (on: DbOrTx, ticketId: string, file: NewTicketFile): Promise<void> {
  await prismaFor(on).attachment.create({ data: { ticketId, ...file } })
}

export async function addTicketEvent (on: DbOrTx, event: NewTicketEvent): Promise<void> {
  await prismaFor(on).ticketEvent.create({ data: event })
}

export async function findTicketById (on: DbOrTx, id: string): Promise<TicketRow | null> {
  return prismaFor(on).ticket.findUnique({ where: { id } })
}

export async function findTicketByReference (on: DbOrTx, reference: string): Promise<TicketRow | null> {
  return prismaFor(on).ticket.findUnique({ where: { reference } })
}

/** The id of the ticket with this id or this reference. */
export async function findTicketId (on: DbOrTx, idOrReference: string): Promise<string | undefined> {
  const row = await prismaFor(on).ticket.findFirst({ where: { OR: [{ id: idOrReference }, { reference: idOrReference }] }, select: { id: true } })
  return row?.id
}

export type TicketChangeData = { status: string, pendingQuestion: string | null, decision?: string, closedAt?: Date, updatedAt: Date }

/** Changes the ticket only if its status is still `fromStatus`; false when someone changed it meanwhile. */
export async function updateTicketIfStatus (on: DbOrTx, ticketId: string, fromStatus: string, data: TicketChangeData): Promise<boolean> {
  const { count } = await prismaFor(on).ticket.updateMany({ where: { id: ticketId, status: fromStatus }, data })
  return count === 1
}

/** The citizen answered: the ticket waiting for them is in progress again, their question cleared. */
export async function resumeTicket (on: DbOrTx, ticketId: string): Promise<void> {
  await prismaFor(on).ticket.update({ where: { id: ticketId }, data: { status: 'in_progress', pendingQuestion: null } })
}

export async function setTicketConversation (on: DbOrTx, ticketId: string, conversationId: string): Promise<void> {
  await prismaFor(on).ticket.update({ where: { id: ticketId }, data: { conversationId } })
}

export async function markSatisfactionAsked (on: DbOrTx, ticketId: string, now: Date): Promise<void> {
  await prismaFor(on).ticket.update({ where: { id: ticketId }, data: { satisfactionAskedAt: now } })
}

/** Stores the score unless the ticket has one already; its service and conversation when stored, else undefined. */
export async function storeSatisfaction (on: DbOrTx, ticketId: string, score: number): Promise<{ serviceCode: string, conversationId: string | null } | undefined> {
  const client = prismaFor(on)
  const { count } = await client.ticket.updateMany({ where: { id: ticketId, satisfaction: null }, data: { satisfaction: score } })
  if (!count) return undefined
  return client.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { serviceCode: true, conversationId: true } })
}

/** Tickets newest first, by status and category when given. */
export async function listTickets (on: DbOrTx, filter: { status?: string, category?: string }, limit: number): Promise<TicketRow[]> {
  return prismaFor(on).ticket.findMany({
    where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.category ? { category: filter.category } : {}) },
    orderBy: { createdAt: 'desc' },
    take: limit,
  })
}

export type TicketFileListing = { id: string, filename: string, contentType: string, size: number, sourceUrl: string | null }
export type TicketWithTimeline = TicketRow & { events: TicketEventRow[], attachments: TicketFileListing[] }

/** A ticket with its timeline (oldest first) and its files (never their bytes). */
export async function findTicketWithTimeline (on: DbOrTx, id: string): Promise<TicketWithTimeline> {
  return prismaFor(on).ticket.findUniqueOrThrow({
    where: { id },
    include: { events: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }, attachments: { select: { id: true, filename: true, contentType: true, size: true, sourceUrl: true } } },
  })
}

export type TicketMessage = {
  id: number, channel: string, conversationId: string, deliveryStatus: string | null, deliveryError: string | null, meta: string | null, createdAt: Date,
  outbox: { status: string, heldReason: string | null, nextAttemptAt: Date } | null
}

/**
 * What the citizen was sent about this ticket, oldest first, with where each message stands in
 * the outbox. Narrowed by the citizen's conversations first (indexed), so the text match on the
 * reference never scans every message.
 */
export async function messagesAboutTicket (on: DbOrTx, citizenId: string, reference: string): Promise<TicketMessage[]> {
  return prismaFor(on).message.findMany({
    where: { conversation: { citizenId }, direction: 'outbound', meta: { contains: `"ticketReference":"${reference}"` } },
    orderBy: { id: 'asc' },
    select: { id: true, channel: true, conversationId: true, deliveryStatus: true, deliveryError: true, meta: true, createdAt: true, outbox: { select: { status: true, heldReason: true, nextAttemptAt: true } } },
  })
}

/** Whether this citizen exists. */
export async function citizenExists (on: DbOrTx, citizenId: string): Promise<boolean> {
  return Boolean(await prismaFor(on).citizen.findUnique({ where: { id: citizenId }, select: { id: true } }))
}

/** Whether this conversation is this citizen's. */
export async function isCitizenConversation (on: DbOrTx, conversationId: string, citizenId: string): Promise<boolean> {
  return Boolean(await prismaFor(on).conversation.findFirst({ where: { id: conversationId, citizenId }, select: { id: true } }))
}
