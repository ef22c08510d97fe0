// A citizen's answer to a ticket waiting for them lands on the ticket's timeline.
import type { Tx } from '../db/client.ts'

export async function recordCitizenReplyOnTicket (tx: Tx, input: { reference: string, citizenId: string, text: string }, now: Date): Promise<boolean> {
  const ticket = await tx.ticket.findUnique({ where: { reference: input.reference } })
  if (!ticket || ticket.citizenId !== input.citizenId) return false
  await tx.ticketEvent.create({ data: { ticketId: ticket.id, actorKind: 'citizen', actorId: input.citizenId, type: 'citizen_reply', note: input.text.slice(0, 4000), createdAt: now } })
  if (ticket.status === 'waiting_citizen') {
    await tx.ticket.update({ where: { id: ticket.id }, data: { status: 'in_progress', pendingQuestion: null } })
    await tx.ticketEvent.create({ data: { ticketId: ticket.id, actorKind: 'citizen', actorId: input.citizenId, type: 'status_changed', fromStatus: 'waiting_citizen', toStatus: 'in_progress', createdAt: now } })
  }
  return true
}
