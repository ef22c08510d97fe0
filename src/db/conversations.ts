// The Conversation repository, for the core: open, join or reopen a conversation, what a turn
// writes on it, hand-offs and first responses, and the flag a failed send raises for agents.
// The frequent statements are multi-row hand-written SQL; the rare ones use Prisma's client.
import { bulkUpdate, insertRows } from './bulk-write.ts'
import { orderedId } from './ordered-id.ts'
import { inList } from './sql.ts'
import { prismaFor, type DbOrTx, type Transaction } from './transaction.ts'

/** A message joined these open conversations. */
export async function touchConversations (tx: Transaction, conversationIds: string[], now: Date): Promise<void> {
  if (!conversationIds.length) return
  const ids = inList(conversationIds)
  await tx.sql.run(`UPDATE "Conversation" SET "lastMessageAt" = ?, "updatedAt" = ? WHERE "id" IN ${ids.list}`, [now, now, ...ids.params])
}

/** The conversation a channel's threading names, if it is this citizen's; reopened if closed, answered on this identity. */
export async function reopenConversation (tx: Transaction, conversationId: string, identity: { id: string, citizenId: string }, now: Date): Promise<string | undefined> {
  const client = tx.prisma()
  const hinted = await client.conversation.findFirst({ where: { id: conversationId, citizenId: identity.citizenId }, select: { id: true, status: true } })
  if (!hinted) return undefined
  await client.conversation.update({ where: { id: hinted.id }, data: { lastMessageAt: now, status: 'open', identityId: identity.id, ...(hinted.status === 'closed' ? { resolvedAt: null } : {}) } })
  return hinted.id
}

/** A new open conversation with its 'opened' event. */
export async function createConversation (tx: Transaction, input: { citizenId: string, identityId: string, channel: string, subject?: string, now: Date }): Promise<string> {
  const { now, ...fields } = input
  const conversation = await tx.prisma().conversation.create({
    data: { ...fields, lastMessageAt: now, createdAt: now, events: { create: { type: 'opened', createdAt: now } } },
    select: { id: true },
  })
  return conversation.id
}

export type TurnState = { conversationId: string, lang: string, dialogState: string | null, misunderstandings: number, lastIntent: string, updatedAt: Date }

/** What the assistant's turns leave on their conversations: one multi-row UPDATE. */
export async function saveTurnStates (tx: Transaction, rows: TurnState[]): Promise<void> {
  await bulkUpdate(tx.sql, 'Conversation', { lang: 'text', dialogState: 'text', misunderstandings: 'integer', lastIntent: 'text', updatedAt: 'timestamp' },
    rows.map(({ conversationId, ...values }) => ({ id: conversationId, values })))
}

/** The first answer of these conversations, where none is recorded yet: the time, and a 'first_response' event by `detail`. */
export async function recordFirstResponses (tx: Transaction, conversationIds: string[], detail: string, now: Date): Promise<void> {
  if (!conversationIds.length) return
  const ids = inList(conversationIds)
  const unanswered = (await tx.sql.all<{ id: string }>(`SELECT "id" FROM "Conversation" WHERE "id" IN ${ids.list} AND "firstResponseAt" IS NULL`, ids.params)).map(c => c.id)
  if (!unanswered.length) return
  const toAnswer = inList(unanswered)
  await tx.sql.run(`UPDATE "Conversation" SET "firstResponseAt" = ?, "updatedAt" = ? WHERE "id" IN ${toAnswer.list}`, [now, now, ...toAnswer.params])
  await insertRows(tx.sql, 'ConversationEvent', unanswered.map(conversationId => ({ id: orderedId(), conversationId, type: 'first_response', agentId: null, detail, createdAt: now })))
}

/** The assistant hands the conversation to the agents (its dialog ends). */
export async function handToAgents (tx: Transaction, conversationId: string, reason: string, now: Date): Promise<void> {
  const client = tx.prisma()
  await client.conversation.update({
    where: { id: conversationId },
    data: { holder: 'agent', needsHuman: true, needsHumanReason: reason, needsHumanSince: now, dialogState: null },
  })
  await client.conversationEvent.create({ data: { conversationId, type: 'handoff_requested', detail: reason, createdAt: now } })
}

/** The citizen asks for the assistant again. */
export async function handBackToAssistant (tx: Transaction, conversationId: string, now: Date): Promise<void> {
  const client = tx.prisma()
  await client.conversation.update({
    where: { id: conversationId },
    data: { holder: 'bot', needsHuman: false, needsHumanReason: null, needsHumanSince: null },
  })
  await client.conversationEvent.create({ data: { conversationId, type: 'handback', detail: 'citizen', createdAt: now } })
}

/** A send failed for good: the conversation needs a person (a failure is never silent). */
export async function flagSendFailed (on: DbOrTx, conversationId: string, now: Date): Promise<void> {
  await prismaFor(on).conversation.update({ where: { id: conversationId }, data: { needsHuman: true, needsHumanReason: 'send_failed', needsHumanSince: now } })
}

/** The conversation a ticket was opened from, if the ticket is this citizen's. */
export async function conversationOfTicket (on: DbOrTx, reference: string, citizenId: string): Promise<string | undefined> {
  const ticket = await prismaFor(on).ticket.findUnique({ where: { reference }, select: { citizenId: true, conversationId: true } })
  return ticket && ticket.citizenId === citizenId ? ticket.conversationId ?? undefined : undefined
}

/** The channel's reply reference kept on the conversation (email's thread), wrapped with the channel's name. */
export async function saveConversationReplyReference (tx: Transaction, conversationId: string, wrapped: string): Promise<void> {
  await tx.sql.run('UPDATE "Conversation" SET "replyReference" = ? WHERE "id" = ?', [wrapped, conversationId])
}
