// /api/tickets: the agents' view and actions on tickets. Every action is audited.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ticketTitle } from './ticket-title.ts'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { TICKET_STATUSES, type TicketKind } from '../domain.ts'
import { DECISIONS } from './ticket-status.ts'
import { changeTicket } from './ticket-lifecycle.ts'
import { openTicket, serviceContacts } from './ticket-service.ts'
import { notifyCitizen } from './notify-citizen.ts'
import { acknowledgementText } from './acknowledgement.ts'
import { ticketDetail, ticketSummary } from './ticket-view.ts'
import { addTicketEvent, citizenExists, findCategoryWithService, findTicketId, findTicketWithTimeline, isCitizenConversation, listTickets, messagesAboutTicket, setTicketConversation } from '../db/tickets.ts'
import { recordAudit } from '../db/audit-log.ts'
import { inPrismaTransaction } from '../db/prisma-transaction.ts'
import { optionalChoice, optionalNumber, optionalText, requiredText } from './read-body.ts'
import { AnyObject, errors, OptionalNumber, OptionalText, TAGS } from '../http/schemas.ts'

const LIST_LIMIT = 200
const STATUSES = TICKET_STATUSES.join(' | ')
const Ticket = AnyObject('A ticket with its timeline, attachments and the notifications sent to the citizen')
const TicketParams = Type.Object({ id: Type.String({ description: 'The ticket id or its DEM-… reference' }) })
const ListSchema = {
  summary: `Tickets, newest first (${LIST_LIMIT} at most)`,
  tags: [TAGS.agents],
  querystring: Type.Object({ status: OptionalText(STATUSES), category: OptionalText('A category code') }),
  response: { 200: Type.Object({ tickets: Type.Array(AnyObject('A ticket summary')) }), ...errors },
}
const ChangeSchema = {
  summary: 'Change a ticket: the citizen is told of a new status',
  description: 'publicNote is sent to the citizen and published by Open311 (redacted); note stays internal.',
  tags: [TAGS.agents],
  params: TicketParams,
  body: Type.Object({
    status: OptionalText(STATUSES),
    note: OptionalText('Internal note (at most 4,000 characters)'),
    publicNote: OptionalText('Note for the citizen and Open311 (at most 1,000 characters)'),
    question: OptionalText('Required with waiting_citizen (at most 1,000 characters)'),
    decision: OptionalText(`${DECISIONS.join(' | ')} (formal requests)`),
  }),
  response: { 200: Type.Object({ ticket: Ticket }), ...errors },
}
const OpenSchema = {
  summary: 'Open a ticket for a citizen: they get the acknowledgement',
  tags: [TAGS.agents],
  body: Type.Object({
    citizenId: Type.String(),
    category: Type.String({ description: 'A category code' }),
    description: Type.String({ description: 'At most 4,000 characters' }),
    title: OptionalText('At most 200 characters; default: from the description'),
    address: OptionalText('At most 500 characters'),
    latitude: OptionalNumber(-90, 90, 'WGS 84 latitude'),
    longitude: OptionalNumber(-180, 180, 'WGS 84 longitude'),
    conversationId: OptionalText('One of this citizen\'s conversations'),
  }),
  response: { 201: Type.Object({ ticket: Ticket }), ...errors },
}
// Many agents opening tickets at once queue on the counter row: give them time to wait their turn.
const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 }

export const agentTicketRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, core, config }) => {
  const notifySettings = { timeZone: config.timeZone, quietHours: config.quietHours }

  app.get('/api/tickets', { preValidation: requireRole('agent'), schema: ListSchema }, async (request) => {
    const status = optionalChoice(request.query, 'status', TICKET_STATUSES)
    const category = optionalText(request.query, 'category', 100)
    const rows = await listTickets(store, { status, category }, LIST_LIMIT)
    return { tickets: rows.map(ticketSummary) }
  })

  app.get('/api/tickets/:id', { preValidation: requireRole('agent'), schema: { summary: 'A ticket with its timeline (id or DEM-… reference)', tags: [TAGS.agents], params: TicketParams, response: { 200: Type.Object({ ticket: Ticket }), ...errors } } }, async (request) => {
    const ticket = await findTicket(request.params.id)
    await recordAudit(store, { actorId: request.agent!.id, action: 'ticket.viewed', targetType: 'ticket', targetId: ticket.id })
    return { ticket }
  })

  app.patch('/api/tickets/:id', { preValidation: requireRole('agent'), schema: ChangeSchema }, async (request) => {
    const body = request.body
    const change = {
      status: optionalChoice(body, 'status', TICKET_STATUSES),
      note: optionalText(body, 'note', 4000),
      publicNote: optionalText(body, 'publicNote', 1000),
      question: optionalText(body, 'question', 1000),
      decision: optionalChoice(body, 'decision', DECISIONS),
    }
    const { id } = await findTicketRow(request.params.id)
    await inPrismaTransaction(store, tx => changeTicket(tx, notifySettings, id, change, { kind: 'agent', id: request.agent!.id }, new Date()), TX_OPTIONS)
    core.outbox.wake()
    return { ticket: await findTicket(id) }
  })

  app.post('/api/tickets', { preValidation: requireRole('agent'), schema: OpenSchema }, async (request, reply) => {
    const body = request.body
    const citizenId = requiredText(body, 'citizenId', 100)
    const categoryCode = requiredText(body, 'category', 100)
    const description = requiredText(body, 'description', 4000)
    const input = {
      title: optionalText(body, 'title', 200) ?? ticketTitle(description, description.slice(0, 80)),
      description,
      address: optionalText(body, 'address', 500),
      latitude: optionalNumber(body, 'latitude', -90, 90),
      longitude: optionalNumber(body, 'longitude', -180, 180),
      conversationId: optionalText(body, 'conversationId', 100),
    }
    const [citizen, category] = await Promise.all([
      citizenExists(store, citizenId),
      findCategoryWithService(store, categoryCode),
    ])
    if (!citizen) throw new AppError('validation_failed', `No citizen ${citizenId}`)
    if (!category) throw new AppError('validation_failed', `Unknown category "${categoryCode}"`)
    if (input.conversationId && !await isCitizenConversation(store, input.conversationId, citizenId)) {
      throw new AppError('validation_failed', `Conversation ${input.conversationId} is not this citizen's`)
    }
    const agentId = request.agent!.id
    const now = new Date()
    const ticket = await inPrismaTransaction(store, async tx => {
      const opened = await openTicket(tx, config, { ...input, kind: category.kind as TicketKind, category: category.code, source: 'agent', citizenId, actor: { kind: 'agent', id: agentId } }, now)
      // Opened for the citizen: they get the same acknowledgement as if they had asked the assistant.
      const service = await serviceContacts(tx, category.service)
      const ack = await notifyCitizen(tx, notifySettings, {
        citizenId,
        fallbackConversationId: input.conversationId,
        text: lang => acknowledgementText({ ticket: opened.ticket, category, service, lang, timeZone: config.timeZone, publicUrl: config.publicUrl }),
        meta: { ticketReference: opened.ticket.reference, kind: 'acknowledgement' },
      }, now)
      if (ack.messageId !== undefined) {
        await addTicketEvent(tx, { ticketId: opened.ticket.id, actorKind: 'system', type: 'notified', note: 'acknowledgement', createdAt: now })
        if (!input.conversationId) await setTicketConversation(tx, opened.ticket.id, ack.conversationId)
      }
      return opened.ticket
    }, TX_OPTIONS)
    core.outbox.wake()
    return reply.code(201).send({ ticket: await findTicket(ticket.id) })
  })

  async function findTicketRow (idOrReference: string) {
    const id = await findTicketId(store, idOrReference)
    if (!id) throw new AppError('not_found', `Ticket ${idOrReference} not found`)
    return { id }
  }

  async function findTicket (idOrReference: string) {
    const { id } = await findTicketRow(idOrReference)
    const row = await findTicketWithTimeline(store, id)
    // What the citizen was sent about this ticket and where each message stands (held, sent,
    // failed, cancelled after STOP): a wait or a failure is visible on the ticket, not only on the conversation.
    const messages = !row.citizenId ? [] : await messagesAboutTicket(store, row.citizenId, row.reference)
    const notifications = messages.map(m => ({
      messageId: m.id,
      kind: (JSON.parse(m.meta!) as { kind?: string }).kind ?? null,
      channel: m.channel,
      conversationId: m.conversationId,
      deliveryStatus: m.deliveryStatus,
      deliveryError: m.deliveryError,
      outboxStatus: m.outbox?.status ?? null,
      heldReason: m.outbox?.status === 'pending' ? m.outbox.heldReason : null,
      notBefore: m.outbox?.status === 'pending' ? m.outbox.nextAttemptAt : null,
      createdAt: m.createdAt,
    }))
    return { ...ticketDetail(row), notifications }
  }
}
