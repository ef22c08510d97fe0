// Opening tickets. A ticket opened by a citizen gets an acknowledgement at once, on their channel,
// written to the outbox in the same transaction as the ticket.
import { recordMetric } from '../metrics/metric-events.ts'
import type { Transaction } from '../db/transaction.ts'
import type { Lang, TicketSource } from '../domain.ts'
import type { OpenTicketAction } from '../answerer.ts'
import { addTicketEvent, attachFilesToTicket, findCategoryWithService, insertTicket, townHallAddress, type ServiceRow } from '../db/tickets.ts'
import { recordAudit } from '../db/audit-log.ts'
import { enqueueNotice } from '../db/citizen-reach.ts'
import { allocateReference } from './ticket-reference.ts'
import { acknowledgementText, implicitDecisionDate } from './acknowledgement.ts'
import { AppError } from '../errors.ts'

/** What a dialog asks for (OpenTicketAction), plus where it comes from and who opens it. */
export type OpenTicketInput = Omit<OpenTicketAction, 'type'> & {
  source: TicketSource
  citizenId?: string
  conversationId?: string
  actor: { kind: 'citizen' | 'bot' | 'agent' | 'api', id?: string }
}

export type TicketSettings = { ticketPrefix: string, timeZone: string }

export async function openTicket (tx: Transaction, settings: TicketSettings, input: OpenTicketInput, now: Date) {
  const category = await findCategoryWithService(tx, input.category) ?? await findCategoryWithService(tx, 'other')
  if (!category) throw new AppError('validation_failed', `Unknown ticket category "${input.category}"`)
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: settings.timeZone, year: 'numeric' }).format(now))
  const { reference, seq } = await allocateReference(tx, settings.ticketPrefix, year)
  const implicitDecisionAt = category.kind === 'formal_request' ? implicitDecisionDate(now, category.implicitDecisionDays) : null
  const ticket = await insertTicket(tx, {
    reference,
    year,
    seq,
    kind: input.kind,
    category: category.code,
    serviceCode: category.serviceCode,
    title: input.title.slice(0, 200),
    description: input.description,
    address: input.address,
    latitude: input.latitude,
    longitude: input.longitude,
    source: input.source,
    citizenId: input.citizenId,
    conversationId: input.conversationId,
    implicitDecisionAt,
    attributes: input.attributes ? JSON.stringify(input.attributes) : null,
    createdAt: now,
  }, { actorKind: input.actor.kind, actorId: input.actor.id })
  if (input.attachmentIds?.length) await attachFilesToTicket(tx, ticket.id, input.attachmentIds)
  await recordMetric(tx, { type: 'ticket_opened', at: now, serviceCode: ticket.serviceCode, ticketId: ticket.id, conversationId: ticket.conversationId, channel: (input as { channel?: string }).channel ?? input.source })
  await recordAudit(tx, { actorKind: input.actor.kind === 'agent' || input.actor.kind === 'api' ? input.actor.kind : 'system', actorId: input.actor.id, action: 'ticket.created', targetType: 'ticket', targetId: ticket.id, now })
  return { ticket, category }
}

type ServiceContacts = Pick<ServiceRow, 'nameFr' | 'nameEn' | 'email' | 'phone' | 'address'>

/** The service's contacts for an acknowledgement: its postal address is the town hall's when it has none of its own (R112-11-1 asks for one). */
export async function serviceContacts (tx: Transaction, service: ServiceContacts): Promise<ServiceContacts> {
  if (service.address) return service
  return { ...service, address: await townHallAddress(tx) }
}

/** Opens a ticket for a citizen in a conversation and queues the acknowledgement on their channel. */
export async function openTicketFromConversation (tx: Transaction, settings: TicketSettings & { publicUrl: string },
  input: OpenTicketInput & { conversationId: string, citizenId: string, channel: string, lang: Lang }, now: Date) {
  const { ticket, category } = await openTicket(tx, settings, input, now)
  const service = await serviceContacts(tx, category.service)
  await enqueueNotice(tx, {
    conversationId: input.conversationId,
    citizenId: input.citizenId,
    channel: input.channel,
    text: acknowledgementText({ ticket, category, service, lang: input.lang, timeZone: settings.timeZone, publicUrl: settings.publicUrl }),
    author: 'bot',
    lang: input.lang,
    meta: { ticketReference: ticket.reference, kind: 'acknowledgement' },
    now,
  })
  await addTicketEvent(tx, { ticketId: ticket.id, actorKind: 'system', type: 'notified', note: 'acknowledgement', createdAt: now })
  return ticket
}
