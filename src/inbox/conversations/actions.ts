// What agents do to a conversation. Each action is one transaction: the state change, the
// citizen-facing message (through the outbox), the ConversationEvent and the AuditEvent.
// Holding is decided by conditional updates, so two agents can never both hold a conversation.
import type { Db, Tx } from '../../db/client.ts'
import type { AgentRole } from '../../domain.ts'
import { AppError } from '../../errors.ts'
import { enqueueOutbound } from '../../db/outbox.ts'
import { recordAudit } from '../../auth/audit.ts'
import { citizenNotice } from '../citizen-notices.ts'
import { recordMetric } from '../../metrics/metric-events.ts'

export type Actor = { id: string, role: AgentRole }
export const MAX_REPLY_LENGTH = 4000

async function loadConversation (tx: Tx, id: string) {
  const conversation = await tx.conversation.findUnique({ where: { id } })
  if (!conversation) throw new AppError('not_found', 'No such conversation')
  return conversation
}

/** Takes the conversation for `actor` unless another agent holds it (409). Returns false when already held by the actor. */
async function claim (tx: Tx, id: string, actor: Actor, now: Date): Promise<boolean> {
  const conversation = await loadConversation(tx, id)
  if (conversation.holder === 'agent' && conversation.assignedAgentId === actor.id) return false
  const { count } = await tx.conversation.updateMany({
    where: { id, OR: [{ holder: 'bot' }, { assignedAgentId: null }, { assignedAgentId: actor.id }] },
    data: { holder: 'agent', assignedAgentId: actor.id, needsHuman: false, needsHumanReason: null, needsHumanSince: null, status: 'open', dialogState: null },
  })
  if (count !== 1) throw new AppError('conflict', 'Another agent already holds this conversation')
  await tx.conversationEvent.create({ data: { conversationId: id, type: 'takeover', agentId: actor.id, createdAt: now } })
  // An agent stepping in unasked is a hand-off too (the assistant asked for one already otherwise).
  if (conversation.holder === 'bot' && !conversation.needsHuman) {
    await recordMetric(tx, { type: 'handoff', at: now, channel: conversation.channel, label: 'agent_initiative', conversationId: id, agentId: actor.id })
  }
  await recordAudit(tx, { actorId: actor.id, action: 'conversation.takeover', targetType: 'conversation', targetId: id, now })
  return true
}

export async function takeOver (db: Db, id: string, actor: Actor, now = new Date()): Promise<{ changed: boolean }> {
  return db.$transaction(async tx => {
    const changed = await claim(tx, id, actor, now)
    if (changed) {
      const c = await loadConversation(tx, id)
      await enqueueOutbound(tx, { conversationId: id, citizenId: c.citizenId, channel: c.channel, text: citizenNotice('takeover', c.lang), author: 'agent', agentId: actor.id, lang: c.lang, now })
    }
    return { changed }
  })
}

export async function handBack (db: Db, id: string, actor: Actor, now = new Date()): Promise<{ changed: boolean }> {
  return db.$transaction(async tx => {
    const c = await loadConversation(tx, id)
    if (c.holder === 'bot') return { changed: false }
    // Managers may hand back a colleague's conversation (someone left for the day).
    const mayRelease = c.assignedAgentId === actor.id || c.assignedAgentId === null || actor.role !== 'agent'
    if (!mayRelease) throw new AppError('conflict', 'Another agent holds this conversation')
    const { count } = await tx.conversation.updateMany({
      where: { id, holder: 'agent', assignedAgentId: c.assignedAgentId },
      data: { holder: 'bot', needsHuman: false, needsHumanReason: null, needsHumanSince: null, dialogState: null, misunderstandings: 0 },
    })
    if (count !== 1) throw new AppError('conflict', 'The conversation changed meanwhile: reload it')
    await enqueueOutbound(tx, { conversationId: id, citizenId: c.citizenId, channel: c.channel, text: citizenNotice('handback', c.lang), author: 'bot', lang: c.lang, now })
    await tx.conversationEvent.create({ data: { conversationId: id, type: 'handback', agentId: actor.id, createdAt: now } })
    await recordAudit(tx, { actorId: actor.id, action: 'conversation.handback', targetType: 'conversation', targetId: id, now })
    return { changed: true }
  })
}

export function validText (text: unknown): string {
  if (typeof text !== 'string' || !text.trim()) throw new AppError('validation_failed', 'Field "text" is required and must not be empty')
  if (text.length > MAX_REPLY_LENGTH) throw new AppError('payload_too_large', `Field "text" is longer than ${MAX_REPLY_LENGTH} characters`)
  return text.trim()
}

/** An agent's reply: it also takes the conversation, so the assistant cannot answer alongside (Chatwoot #4410). */
export async function reply (db: Db, id: string, actor: Actor, text: string, now = new Date()) {
  return db.$transaction(async tx => {
    await claim(tx, id, actor, now)
    const c = await loadConversation(tx, id)
    await recordFirstAgentResponse(tx, c, actor, now)
    const message = await enqueueOutbound(tx, { conversationId: id, citizenId: c.citizenId, channel: c.channel, text, author: 'agent', agentId: actor.id, lang: c.lang, now })
    await tx.conversation.update({ where: { id }, data: { lastMessageAt: now } })
    const first = await tx.conversation.updateMany({ where: { id, firstResponseAt: null }, data: { firstResponseAt: now } })
    if (first.count) await tx.conversationEvent.create({ data: { conversationId: id, type: 'first_response', agentId: actor.id, createdAt: now } })
    await recordAudit(tx, { actorId: actor.id, action: 'conversation.replied', targetType: 'message', targetId: String(message.id), now })
    return message
  })
}

/** The service whose queue a conversation is in: that of its newest ticket still open (null: the town hall's reception). */
export async function conversationService (tx: Tx, conversationId: string): Promise<string | null> {
  const ticket = await tx.ticket.findFirst({ where: { conversationId, status: { in: ['new', 'in_progress', 'waiting_citizen'] } }, orderBy: { createdAt: 'desc' }, select: { serviceCode: true } })
  return ticket?.serviceCode ?? null
}

/** First response of a person after the citizen asked for one (or since the conversation began), once per hand-off. */
async function recordFirstAgentResponse (tx: Tx, c: { id: string, channel: string, createdAt: Date }, actor: Actor, now: Date): Promise<void> {
  const last = await tx.conversationEvent.findFirst({ where: { conversationId: c.id, type: { in: ['handoff_requested', 'agent_first_response'] } }, orderBy: { createdAt: 'desc' } })
  if (last?.type === 'agent_first_response') return
  await tx.conversationEvent.create({ data: { conversationId: c.id, type: 'agent_first_response', agentId: actor.id, createdAt: now } })
  const serviceCode = await conversationService(tx, c.id)
  await recordMetric(tx, { type: 'first_response', at: now, channel: c.channel, conversationId: c.id, agentId: actor.id, serviceCode, since: last?.createdAt ?? c.createdAt })
}

/** An internal note: a Message with direction 'internal' and no OutboxItem, so it can never be sent. */
export async function addNote (db: Db, id: string, actor: Actor, text: string, now = new Date()) {
  return db.$transaction(async tx => {
    const c = await loadConversation(tx, id)
    const note = await tx.message.create({ data: { conversationId: id, citizenId: c.citizenId, direction: 'internal', author: 'agent', agentId: actor.id, channel: c.channel, text, createdAt: now } })
    await recordAudit(tx, { actorId: actor.id, action: 'conversation.note_added', targetType: 'message', targetId: String(note.id), now })
    return note
  })
}

export async function assign (db: Db, id: string, actor: Actor, agentId: unknown, now = new Date()) {
  if (typeof agentId !== 'string' || !agentId) throw new AppError('validation_failed', 'Field "agentId" is required')
  return db.$transaction(async tx => {
    const target = await tx.agent.findUnique({ where: { id: agentId } })
    if (!target || target.disabledAt) throw new AppError('validation_failed', 'No active agent with this id')
    const c = await loadConversation(tx, id)
    const mayReassign = actor.role !== 'agent' || c.assignedAgentId === null || c.assignedAgentId === actor.id || c.holder === 'bot'
    if (!mayReassign) throw new AppError('conflict', 'Another agent holds this conversation')
    const { count } = await tx.conversation.updateMany({ where: { id, assignedAgentId: c.assignedAgentId }, data: { assignedAgentId: agentId } })
    if (count !== 1) throw new AppError('conflict', 'The conversation changed meanwhile: reload it')
    await tx.conversationEvent.create({ data: { conversationId: id, type: 'assigned', agentId, detail: JSON.stringify({ by: actor.id }), createdAt: now } })
    await recordAudit(tx, { actorId: actor.id, action: 'conversation.assigned', targetType: 'conversation', targetId: id, detail: { agentId }, now })
  })
}

/** Resends a message whose delivery finally failed: its outbox row goes back to pending, for real (Chatwoot #14120). */
export async function resend (db: Db, id: string, messageId: number, actor: Actor, now = new Date()) {
  return db.$transaction(async tx => {
    const message = await tx.message.findUnique({ where: { id: messageId }, include: { outbox: true } })
    if (!message || message.conversationId !== id || !message.outbox) throw new AppError('not_found', 'No such outbound message in this conversation')
    const { count } = await tx.outboxItem.updateMany({
      where: { id: message.outbox.id, status: 'failed' },
      data: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, lastError: null },
    })
    if (count !== 1) throw new AppError('conflict', 'Only a message whose delivery failed can be resent')
    await tx.message.update({ where: { id: messageId }, data: { deliveryStatus: 'pending', deliveryError: null } })
    await recordAudit(tx, { actorId: actor.id, action: 'message.resent', targetType: 'message', targetId: String(messageId), now })
  })
}
