// The ideas board's repository (issue 20): ideas are tickets of kind "idea"; an IdeaReview row
// holds each one's board status (none: received), and the ticket's history says each change.
import { prismaFor, type DbOrTx } from './transaction.ts'

export type IdeaTicket = { id: string, reference: string, title: string, description: string, createdAt: Date, kind: string, citizenId: string | null, conversationId: string | null }
const IDEA = { id: true, reference: true, title: true, description: true, createdAt: true, kind: true, citizenId: true, conversationId: true } as const

/** The newest ideas (`limit` at most). */
export async function latestIdeas (on: DbOrTx, limit: number): Promise<IdeaTicket[]> {
  return prismaFor(on).ticket.findMany({ where: { kind: 'idea' }, orderBy: { createdAt: 'desc' }, take: limit, select: IDEA })
}

/** The ticket, whatever its kind (null: none). */
export async function ticketForIdeaBoard (on: DbOrTx, id: string): Promise<IdeaTicket | null> {
  return prismaFor(on).ticket.findUnique({ where: { id }, select: IDEA })
}

export type IdeaReview = { ticketId: string, status: string, updatedAt: Date }

export async function ideaReviews (on: DbOrTx, ticketIds: string[]): Promise<IdeaReview[]> {
  return prismaFor(on).ideaReview.findMany({ where: { ticketId: { in: ticketIds } }, select: { ticketId: true, status: true, updatedAt: true } })
}

export async function ideaReview (on: DbOrTx, ticketId: string): Promise<IdeaReview | null> {
  return prismaFor(on).ideaReview.findUnique({ where: { ticketId }, select: { ticketId: true, status: true, updatedAt: true } })
}

/** The idea's board status, by an agent; the ticket's history notes it (public when it carries a word for the citizen). */
export async function setIdeaStatus (on: DbOrTx, change: { ticketId: string, status: string, note?: string, agentId: string, now: Date }): Promise<void> {
  const { ticketId, status, note, agentId, now } = change
  const client = prismaFor(on)
  await client.ideaReview.upsert({ where: { ticketId }, create: { ticketId, status, updatedAt: now, updatedBy: agentId }, update: { status, updatedAt: now, updatedBy: agentId } })
  await client.ticketEvent.create({ data: { ticketId, actorKind: 'agent', actorId: agentId, type: 'note', note: `idea: ${status}${note ? ` — ${note}` : ''}`, isPublic: Boolean(note), createdAt: now } })
}

/** The citizen was told the idea's new status. */
export async function recordIdeaNotified (on: DbOrTx, ticketId: string, status: string, now: Date): Promise<void> {
  await prismaFor(on).ticketEvent.create({ data: { ticketId, actorKind: 'system', type: 'notified', note: `idea: ${status}`, createdAt: now } })
}
