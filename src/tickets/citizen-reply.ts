// A citizen's answer to a ticket waiting for them lands on the ticket's timeline.
import type { DbOrTx } from '../db/transaction.ts'
import { addTicketEvent, findTicketByReference, resumeTicket } from '../db/tickets.ts'

export async function recordCitizenReplyOnTicket (tx: DbOrTx, input: { reference: string, citizenId: string, text: string }, now: Date): Promise<boolean> {
  const ticket = await findTicketByReference(tx, input.reference)
  if (!ticket || ticket.citizenId !== input.citizenId) return false
  await addTicketEvent(tx, { ticketId: ticket.id, actorKind: 'citizen', actorId: input.citizenId, type: 'citizen_reply', note: input.text.slice(0, 4000), createdAt: now })
  if (ticket.status === 'waiting_citizen') {
    await resumeTicket(tx, ticket.id)
    await addTicketEvent(tx, { ticketId: ticket.id, actorKind: 'citizen', actorId: input.citizenId, type: 'status_changed', fromStatus: 'waiting_citizen', toStatus: 'in_progress', createdAt: now })
  }
  return true
}
