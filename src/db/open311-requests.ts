// What Open311 publishes of tickets (issue 17): the public categories, requests, their public
// history and photos. Read in chunks of ids: FixMyStreet asks for thousands of requests in one GET
// and SQLite refuses a query with more than 999 parameters, so no relation include sends every
// id of a page in one IN (…) either.
import type { Db } from './client.ts'
import { townFileBbox } from './town-settings.ts'
import { prismaFor, type DbOrTx } from './transaction.ts'
import type { CategoryWithService } from './tickets.ts'

const CHUNK = 400

/** The public changes of a ticket: status changes and public notes (an internal note is none). */
const PUBLIC_EVENT_WHERE = { OR: [{ type: 'status_changed' }, { type: 'note', isPublic: true }] }

/** The categories offered as Open311 services, with their service, by code. */
export async function listOpen311Categories (on: DbOrTx): Promise<CategoryWithService[]> {
  return prismaFor(on).ticketCategory.findMany({ where: { open311: true }, include: { service: true }, orderBy: { code: 'asc' } })
}

export type PublicTicket = {
  id: string, reference: string, kind: string, status: string, description: string, address: string | null,
  latitude: number | null, longitude: number | null, implicitDecisionAt: Date | null, createdAt: Date, category: string
}

/** Which tickets a list asks for: created in a window, of some services and statuses. */
export type PublicTicketFilter = { createdFrom: Date, createdTo?: Date, categories?: string[], statuses?: string[] }

const PUBLIC_TICKET_COLUMNS = {
  id: true, reference: true, kind: true, status: true, description: true, address: true, latitude: true, longitude: true,
  implicitDecisionAt: true, createdAt: true, category: true,
} as const

async function readPublicTickets (on: DbOrTx, where: object, categories: string[], take: number): Promise<PublicTicket[]> {
  return prismaFor(on).ticket.findMany({ where: { AND: [where, { category: { in: categories } }] }, orderBy: { createdAt: 'desc' }, take, select: PUBLIC_TICKET_COLUMNS })
}

/** Tickets of these categories matching the filter, newest first, at most `limit`. */
export async function publicTicketsMatching (on: DbOrTx, filter: PublicTicketFilter, categories: string[], limit: number): Promise<PublicTicket[]> {
  const where = {
    createdAt: { gte: filter.createdFrom, ...(filter.createdTo ? { lte: filter.createdTo } : {}) },
    ...(filter.categories ? { category: { in: filter.categories } } : {}),
    ...(filter.statuses ? { status: { in: filter.statuses } } : {}),
  }
  return readPublicTickets(on, where, categories, limit)
}

/** Tickets of these categories with these references (any number), newest first. */
export async function publicTicketsByReference (on: DbOrTx, references: string[], categories: string[]): Promise<PublicTicket[]> {
  const rows: PublicTicket[] = []
  for (let i = 0; i < references.length; i += CHUNK) {
    const chunk = references.slice(i, i + CHUNK)
    rows.push(...await readPublicTickets(on, { reference: { in: chunk } }, categories, chunk.length))
  }
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
}

export type PublicEvent = { id: string, type: string, toStatus: string | null, note: string | null, isPublic: boolean, createdAt: Date }
export type PublishedMedia = { id: string, sourceUrl: string | null, contentType: string }

/**
 * The public changes of these tickets, oldest first, and the first published file of each (a
 * link, or an image of one of `imageTypes` with bytes).
 */
export async function publicHistoryOf (on: DbOrTx, ticketIds: string[], imageTypes: string[]): Promise<{ events: Map<string, PublicEvent[]>, media: Map<string, PublishedMedia> }> {
  const client = prismaFor(on)
  const events = new Map<string, PublicEvent[]>()
  const media = new Map<string, PublishedMedia>()
  for (let i = 0; i < ticketIds.length; i += CHUNK) {
    const chunk = ticketIds.slice(i, i + CHUNK)
    const [eventRows, attachmentRows] = await Promise.all([
      client.ticketEvent.findMany({
        where: { AND: [{ ticketId: { in: chunk } }, PUBLIC_EVENT_WHERE] },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { ticketId: true, id: true, type: true, toStatus: true, note: true, isPublic: true, createdAt: true },
      }),
      client.attachment.findMany({
        where: { ticketId: { in: chunk }, OR: [{ sourceUrl: { not: null } }, { contentType: { in: imageTypes }, size: { gt: 0 } }] },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { ticketId: true, id: true, sourceUrl: true, contentType: true },
      }),
    ])
    for (const { ticketId, ...e } of eventRows) {
      const list = events.get(ticketId) ?? []
      list.push(e)
      events.set(ticketId, list)
    }
    for (const { ticketId, ...a } of attachmentRows) if (ticketId && !media.has(ticketId)) media.set(ticketId, a)
  }
  return { events, media }
}

/** Public changes made between `start` and `end` to tickets of these categories, oldest first, at most `limit`. */
export async function publicChangesBetween (on: DbOrTx, start: Date, end: Date, categories: string[], limit: number): Promise<(PublicEvent & { ticketId: string })[]> {
  return prismaFor(on).ticketEvent.findMany({
    where: { AND: [PUBLIC_EVENT_WHERE, { createdAt: { gte: start, lte: end } }, { ticket: { category: { in: categories } } }] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
    select: { id: true, type: true, toStatus: true, note: true, isPublic: true, createdAt: true, ticketId: true },
  })
}

/** The reference and kind of these tickets, by id. */
export async function ticketReferencesByIds (on: DbOrTx, ids: string[]): Promise<Map<string, { reference: string, kind: string }>> {
  const tickets = new Map<string, { reference: string, kind: string }>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const t of await prismaFor(on).ticket.findMany({ where: { id: { in: ids.slice(i, i + CHUNK) } }, select: { id: true, reference: true, kind: true } })) tickets.set(t.id, t)
  }
  return tickets
}

export type StatusChange = { ticketId: string, toStatus: string | null, createdAt: Date }

/** The status changes of these tickets up to `end`, oldest first. */
export async function statusChangesUntil (on: DbOrTx, ticketIds: string[], end: Date): Promise<StatusChange[]> {
  const changes: StatusChange[] = []
  for (let i = 0; i < ticketIds.length; i += CHUNK) {
    changes.push(...await prismaFor(on).ticketEvent.findMany({
      where: { ticketId: { in: ticketIds.slice(i, i + CHUNK) }, type: 'status_changed', createdAt: { lte: end } },
      orderBy: { createdAt: 'asc' },
      select: { ticketId: true, toStatus: true, createdAt: true },
    }))
  }
  return changes
}

/** A file attached to a ticket, with its bytes and the ticket's kind and category. */
export async function findTicketPhoto (on: DbOrTx, attachmentId: string): Promise<{ contentType: string, data: Uint8Array | null, ticket: { kind: string, category: string } | null } | null> {
  return prismaFor(on).attachment.findUnique({ where: { id: attachmentId }, select: { contentType: true, data: true, ticket: { select: { kind: true, category: true } } } })
}

/** The town's bounding box from the town file (requests outside it are refused), if it has one. */
export async function readTownBbox (on: DbOrTx): Promise<Awaited<ReturnType<typeof townFileBbox>>> {
  return townFileBbox(prismaFor(on) as Db)
}
