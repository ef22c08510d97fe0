// Agents move tickets through their lifecycle. One transaction: the status, the timeline
// events, the audit record and the message that tells the citizen (transactional outbox).
// The decision on a formal request is only ever taken here, by a signed-in person (RGPD art. 22).
import type { Transaction } from '../db/transaction.ts'
import { addTicketEvent, findTicketById, updateTicketIfStatus } from '../db/tickets.ts'
import { recordAudit } from '../db/audit-log.ts'
import type { TicketStatus } from '../domain.ts'
import { AppError } from '../errors.ts'
import { recordMetric } from '../metrics/metric-events.ts'
import { askSatisfaction } from './satisfaction.ts'
import { assertTransition, type Decision } from './ticket-status.ts'
import { notifyCitizen, type NotifySettings } from './notify-citizen.ts'
import { statusUpdateText } from './status-update-text.ts'

export type TicketChange = {
  status?: TicketStatus
  /** Internal note: stays in the timeline, never sent. */
  note?: string
  /** Sent to the citizen and shown in Open311 status_notes. */
  publicNote?: string
  /** Required with waiting_citizen: what the citizen is asked. */
  question?: string
  decision?: Decision
}

export type Actor = { kind: 'agent', id: string }

export async function changeTicket (tx: Transaction, settings: NotifySettings, ticketId: string, change: TicketChange, actor: Actor, now: Date) {
  const ticket = await findTicketById(tx, ticketId)
  if (!ticket) throw new AppError('not_found', `Ticket ${ticketId} not found`)
  const from = ticket.status as TicketStatus
  const to = change.status ?? from
  checkChange(ticket, change)
  await recordEvents(tx, ticketId, from, change, actor, now)
  // Conditional on the status read above: of two agents moving the ticket at once, the second gets a 409.
  const changed = await updateTicketIfStatus(tx, ticketId, from, {
    status: to,
    pendingQuestion: to === 'waiting_citizen' ? change.question ?? ticket.pendingQuestion : null,
    ...(change.decision ? { decision: change.decision } : {}),
    ...(change.status === 'closed' ? { closedAt: now } : {}),
    updatedAt: now,
  })
  if (!changed) throw new AppError('conflict', `Ticket ${ticket.reference} was changed by someone else meanwhile: reload it`)
  if (to === 'resolved' && from !== 'resolved') {
    await recordMetric(tx, { type: 'ticket_resolved', at: now, serviceCode: ticket.serviceCode, ticketId, conversationId: ticket.conversationId, agentId: actor.id ?? null, since: ticket.createdAt })
  }
  await recordAudit(tx, {
    actorKind: 'agent', actorId: actor.id, action: 'ticket.updated', targetType: 'ticket', targetId: ticketId, detail: { from, to, decision: change.decision ?? null, publicNote: Boolean(change.publicNote), note: Boolean(change.note) }, now,
  })
  // The citizen hears about what concerns them: a new status, a decision, or a public note.
  const isNewsForCitizen = Boolean(change.status || change.decision || change.publicNote)
  const notified = isNewsForCitizen && ticket.citizenId
    ? await notifyCitizen(tx, settings, {
      citizenId: ticket.citizenId,
      fallbackConversationId: ticket.conversationId,
      text: lang => statusUpdateText({ reference: ticket.reference, status: to, lang, publicNote: change.publicNote, question: change.question, decision: change.decision }),
      meta: { ticketReference: ticket.reference, kind: 'status_update' },
    }, now)
    : undefined
  if (notified) {
    const note = notified.messageId === undefined ? 'status_update: no channel' : notified.heldUntil ? `status_update: held until ${notified.heldUntil.toISOString()} (quiet_hours)` : 'status_update'
    await addTicketEvent(tx, { ticketId, actorKind: 'system', type: 'notified', note, createdAt: now })
  }
  if (to === 'resolved' && from !== 'resolved') await askSatisfaction(tx, settings, ticket, now)
  return { notified }
}

function checkChange (ticket: { reference: string, status: string, kind: string }, change: TicketChange): void {
  if (change.status) assertTransition(ticket.reference, ticket.status as TicketStatus, change.status)
  if (change.status === 'waiting_citizen' && !change.question) {
    throw new AppError('validation_failed', 'Field "question" is required to ask the citizen (status waiting_citizen)')
  }
  if (change.decision && ticket.kind !== 'formal_request') {
    throw new AppError('validation_failed', `Ticket ${ticket.reference} is not a formal request: it takes no decision`)
  }
  if (!change.status && !change.decision && !change.note && !change.publicNote) {
    throw new AppError('validation_failed', 'Nothing to change: give "status", "decision", "note" or "publicNote"')
  }
}

async function recordEvents (tx: Transaction, ticketId: string, from: TicketStatus, change: TicketChange, actor: Actor, now: Date): Promise<void> {
  const event = { ticketId, actorKind: actor.kind, actorId: actor.id, createdAt: now }
  if (change.status) {
    await addTicketEvent(tx, { ...event, type: 'status_changed', fromStatus: from, toStatus: change.status, note: change.publicNote ?? null, isPublic: Boolean(change.publicNote) })
  } else if (change.publicNote) {
    await addTicketEvent(tx, { ...event, type: 'note', note: change.publicNote, isPublic: true })
  }
  if (change.status === 'waiting_citizen') await addTicketEvent(tx, { ...event, type: 'question', note: change.question, isPublic: true })
  if (change.decision) await addTicketEvent(tx, { ...event, type: 'decision', note: change.decision, isPublic: true })
  if (change.note) await addTicketEvent(tx, { ...event, type: 'note', note: change.note, isPublic: false })
}
