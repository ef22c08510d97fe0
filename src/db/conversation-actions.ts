// What agents' actions write on a conversation (src/inbox/conversations/actions.ts decides who
// may do what): holding is taken and released by conditional updates, so two agents can never
// both hold a conversation; each returns whether it changed the row.
import { prismaFor, type DbOrTx } from './transaction.ts'

const OPEN_TICKETS = ['new', 'in_progress', 'waiting_citizen']

export type ConversationForAction = {
  id: string, citizenId: string, channel: string, lang: string, holder: string, assignedAgentId: string | null, needsHuman: boolean, createdAt: Date
}

export async function conversationForAction (on: DbOrTx, id: string): Promise<ConversationForAction | null> {
  return prismaFor(on).conversation.findUnique({
    where: { id },
    select: { id: true, citizenId: true, channel: true, lang: true, holder: true, assignedAgentId: true, needsHuman: true, createdAt: true },
  })
}

/** The agent holds the conversation now, unless another agent holds it: the assistant's dialog ends, nobody is waited for. */
export async function holdForAgent (on: DbOrTx, id: string, agentId: string): Promise<boolean> {
  const { count } = await prismaFor(on).conversation.updateMany({
    where: { id, OR: [{ holder: 'bot' }, { assignedAgentId: null }, { assignedAgentId: agentId }] },
    data: { holder: 'agent', assignedAgentId: agentId, needsHuman: false, needsHumanReason: null, needsHumanSince: null, status: 'open', dialogState: null },
  })
  return count === 1
}

/** The assistant answers again, if the conversation is still held by `heldBy`. */
export async function releaseToAssistant (on: DbOrTx, id: string, heldBy: string | null): Promise<boolean> {
  const { count } = await prismaFor(on).conversation.updateMany({
    where: { id, holder: 'agent', assignedAgentId: heldBy },
    data: { holder: 'bot', needsHuman: false, needsHumanReason: null, needsHumanSince: null, dialogState: null, misunderstandings: 0 },
  })
  return count === 1
}

/** Assigned to `agentId`, if still assigned to `from`. */
export async function reassignConversation (on: DbOrTx, id: string, from: string | null, agentId: string): Promise<boolean> {
  const { count } = await prismaFor(on).conversation.updateMany({ where: { id, assignedAgentId: from }, data: { assignedAgentId: agentId } })
  return count === 1
}

/** An agent's message went out now: the conversation's last activity, and its first response if none is recorded (true then). */
export async function recordAgentMessage (on: DbOrTx, id: string, now: Date): Promise<{ firstResponse: boolean }> {
  const client = prismaFor(on)
  await client.conversation.update({ where: { id }, data: { lastMessageAt: now } })
  const first = await client.conversation.updateMany({ where: { id, firstResponseAt: null }, data: { firstResponseAt: now } })
  return { firstResponse: first.count > 0 }
}

export async function addConversationEvent (on: DbOrTx, event: { conversationId: string, type: string, agentId?: string, detail?: string, createdAt: Date }): Promise<void> {
  await prismaFor(on).conversationEvent.create({ data: event })
}

/** The newest hand-off request or first agent response of the conversation. */
export async function latestHandoffOrAgentResponse (on: DbOrTx, conversationId: string): Promise<{ type: string, createdAt: Date } | null> {
  return prismaFor(on).conversationEvent.findFirst({
    where: { conversationId, type: { in: ['handoff_requested', 'agent_first_response'] } },
    orderBy: { createdAt: 'desc' },
    select: { type: true, createdAt: true },
  })
}

/** The service whose queue a conversation is in: that of its newest ticket still open (null: the town hall's reception). */
export async function serviceOfConversation (on: DbOrTx, conversationId: string): Promise<string | null> {
  const ticket = await prismaFor(on).ticket.findFirst({ where: { conversationId, status: { in: OPEN_TICKETS } }, orderBy: { createdAt: 'desc' }, select: { serviceCode: true } })
  return ticket?.serviceCode ?? null
}

/** An internal note: a Message with direction 'internal' and no OutboxItem, so it can never be sent. */
export async function addInternalNote (on: DbOrTx, note: { conversationId: string, citizenId: string, agentId: string, channel: string, text: string, createdAt: Date }): Promise<{ id: number }> {
  return prismaFor(on).message.create({ data: { ...note, direction: 'internal', author: 'agent' }, select: { id: true } })
}

/** Whether this agent account exists and is not disabled. */
export async function isActiveAgent (on: DbOrTx, agentId: string): Promise<boolean> {
  const agent = await prismaFor(on).agent.findUnique({ where: { id: agentId }, select: { disabledAt: true } })
  return agent !== null && !agent.disabledAt
}

/** The account of this (lower-case) email, unless disabled. */
export async function activeAgentByEmail (on: DbOrTx, email: string): Promise<{ id: string, role: string, name: string } | null> {
  const agent = await prismaFor(on).agent.findUnique({ where: { email }, select: { id: true, role: true, name: true, disabledAt: true } })
  return agent && !agent.disabledAt ? { id: agent.id, role: agent.role, name: agent.name } : null
}

/** An outbound message's conversation and outbox row (null: no such message, or never through the outbox). */
export async function outboundMessage (on: DbOrTx, messageId: number): Promise<{ conversationId: string, outboxId: string } | null> {
  const message = await prismaFor(on).message.findUnique({ where: { id: messageId }, select: { conversationId: true, outbox: { select: { id: true } } } })
  return message?.outbox ? { conversationId: message.conversationId, outboxId: message.outbox.id } : null
}

/** A send that failed for good goes back to pending, for real (Chatwoot #14120); false if it had not failed. */
export async function requeueFailedSend (on: DbOrTx, outboxId: string, messageId: number, now: Date): Promise<boolean> {
  const client = prismaFor(on)
  const { count } = await client.outboxItem.updateMany({
    where: { id: outboxId, status: 'failed' },
    data: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, lastError: null },
  })
  if (count !== 1) return false
  await client.message.update({ where: { id: messageId }, data: { deliveryStatus: 'pending', deliveryError: null } })
  return true
}
