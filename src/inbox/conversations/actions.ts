// What agents do to a conversation. Each action is one transaction: the state change, the
// citizen-facing message (through the outbox), the ConversationEvent and the AuditEvent.
// Holding is decided by conditional updates, so two agents can never both hold a conversation.
import type { Store, Transaction } from '../../db/transaction.ts'
import { inPrismaTransaction } from '../../db/prisma-transaction.ts'
import type { AgentRole } from '../../domain.ts'
import { AppError } from '../../errors.ts'
import { enqueueOutbound } from '../../db/outbox.ts'
import { recordAudit } from '../../db/audit-log.ts'
import {
  addConversationEvent, addInternalNote, conversationForAction, holdForAgent, isActiveAgent, latestHandoffOrAgentResponse, outboundMessage,
  reassignConversation, recordAgentMessage, releaseToAssistant, requeueFailedSend, serviceOfConversation,
} from '../../db/conversation-actions.ts'
import { citizenNotice } from '../citizen-notices.ts'
import { recordMetric } from '../../metrics/metric-events.ts'

export type Actor = { id: string, role: AgentRole }
export const MAX_REPLY_LENGTH = 4000

async function loadConversation (tx: Transaction, id: string) {
  const conversation = await conversationForAction(tx, id)
  if (!conversation) throw new AppError('not_found', 'No such conversation')
  return conversation
}

/** Takes the conversation for `actor` unless another agent holds it (409). Returns false when already held by the actor. */
async function claim (tx: Transaction, id: string, actor: Actor, now: Date): Promise<boolean> {
  const conversation = await loadConversation(tx, id)
  if (conversation.holder === 'agent' && conversation.assignedAgentId === actor.id) return false
  if (!await holdForAgent(tx, id, actor.id)) throw new AppError('conflict', 'Another agent already holds this conversation')
  await addConversationEvent(tx, { conversationId: id, type: 'takeover', agentId: actor.id, createdAt: now })
  // An agent stepping in unasked is a hand-off too (the assistant asked for one already otherwise).
  if (conversation.holder === 'bot' && !conversation.needsHuman) {
    await recordMetric(tx, { type: 'handoff', at: now, channel: conversation.channel, label: 'agent_initiative', conversationId: id, agentId: actor.id })
  }
  await recordAudit(tx, { actorId: actor.id, action: 'conversation.takeover', targetType: 'conversation', targetId: id, now })
  return true
}

export async function takeOver (store: Store, id: string, actor: Actor, now = new Date()): Promise<{ changed: boolean }> {
  return inPrismaTransaction(store, async tx => {
    const changed = await claim(tx, id, actor, now)
    if (changed) {
      const c = await loadConversation(tx, id)
      await enqueueOutbound(tx, { conversationId: id, citizenId: c.citizenId, channel: c.channel, text: citizenNotice('takeover', c.lang), author: 'agent', agentId: actor.id, lang: c.lang, now })
    }
    return { changed }
  })
}

export async function handBack (store: Store, id: string, actor: Actor, now = new Date()): Promise<{ changed: boolean }> {
  return inPrismaTransaction(store, async tx => {
    const c = await loadConversation(tx, id)
    if (c.holder === 'bot') return { changed: false }
    // Managers may hand back a colleague's conversation (someone left for the day).
    const mayRelease = c.assignedAgentId === actor.id || c.assignedAgentId === null || actor.role !== 'agent'
    if (!mayRelease) throw new AppError('conflict', 'Another agent holds this conversation')
    if (!await releaseToAssistant(tx, id, c.assignedAgentId)) throw new AppError('conflict', 'The conversation changed meanwhile: reload it')
    await enqueueOutbound(tx, { conversationId: id, citizenId: c.citizenId, channel: c.channel, text: citizenNotice('handback', c.lang), author: 'bot', lang: c.lang, now })
    await addConversationEvent(tx, { conversationId: id, type: 'handback', agentId: actor.id, createdAt: now })
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
export async function reply (store: Store, id: string, actor: Actor, text: string, now = new Date()) {
  return inPrismaTransaction(store, async tx => {
    await claim(tx, id, actor, now)
    const c = await loadConversation(tx, id)
    await recordFirstAgentResponse(tx, c, actor, now)
    const message = await enqueueOutbound(tx, { conversationId: id, citizenId: c.citizenId, channel: c.channel, text, author: 'agent', agentId: actor.id, lang: c.lang, now })
    const { firstResponse } = await recordAgentMessage(tx, id, now)
    if (firstResponse) await addConversationEvent(tx, { conversationId: id, type: 'first_response', agentId: actor.id, createdAt: now })
    await recordAudit(tx, { actorId: actor.id, action: 'conversation.replied', targetType: 'message', targetId: String(message.id), now })
    return message
  })
}

/** First response of a person after the citizen asked for one (or since the conversation began), once per hand-off. */
async function recordFirstAgentResponse (tx: Transaction, c: { id: string, channel: string, createdAt: Date }, actor: Actor, now: Date): Promise<void> {
  const last = await latestHandoffOrAgentResponse(tx, c.id)
  if (last?.type === 'agent_first_response') return
  await addConversationEvent(tx, { conversationId: c.id, type: 'agent_first_response', agentId: actor.id, createdAt: now })
  // The queue it is in: that of its newest ticket still open (null: the town hall's reception).
  const serviceCode = await serviceOfConversation(tx, c.id)
  await recordMetric(tx, { type: 'first_response', at: now, channel: c.channel, conversationId: c.id, agentId: actor.id, serviceCode, since: last?.createdAt ?? c.createdAt })
}

/** An internal note: a Message with direction 'internal' and no OutboxItem, so it can never be sent. */
export async function addNote (store: Store, id: string, actor: Actor, text: string, now = new Date()) {
  return inPrismaTransaction(store, async tx => {
    const c = await loadConversation(tx, id)
    const note = await addInternalNote(tx, { conversationId: id, citizenId: c.citizenId, agentId: actor.id, channel: c.channel, text, createdAt: now })
    await recordAudit(tx, { actorId: actor.id, action: 'conversation.note_added', targetType: 'message', targetId: String(note.id), now })
    return note
  })
}

export async function assign (store: Store, id: string, actor: Actor, agentId: unknown, now = new Date()) {
  if (typeof agentId !== 'string' || !agentId) throw new AppError('validation_failed', 'Field "agentId" is required')
  return inPrismaTransaction(store, async tx => {
    if (!await isActiveAgent(tx, agentId)) throw new AppError('validation_failed', 'No active agent with this id')
    const c = await loadConversation(tx, id)
    const mayReassign = actor.role !== 'agent' || c.assignedAgentId === null || c.assignedAgentId === actor.id || c.holder === 'bot'
    if (!mayReassign) throw new AppError('conflict', 'Another agent holds this conversation')
    if (!await reassignConversation(tx, id, c.assignedAgentId, agentId)) throw new AppError('conflict', 'The conversation changed meanwhile: reload it')
    await addConversationEvent(tx, { conversationId: id, type: 'assigned', agentId, detail: JSON.stringify({ by: actor.id }), createdAt: now })
    await recordAudit(tx, { actorId: actor.id, action: 'conversation.assigned', targetType: 'conversation', targetId: id, detail: { agentId }, now })
  })
}

/** Resends a message whose delivery finally failed: its outbox row goes back to pending, for real (Chatwoot #14120). */
export async function resend (store: Store, id: string, messageId: number, actor: Actor, now = new Date()) {
  return inPrismaTransaction(store, async tx => {
    const message = await outboundMessage(tx, messageId)
    if (!message || message.conversationId !== id) throw new AppError('not_found', 'No such outbound message in this conversation')
    if (!await requeueFailedSend(tx, message.outboxId, messageId, now)) throw new AppError('conflict', 'Only a message whose delivery failed can be resent')
    await recordAudit(tx, { actorId: actor.id, action: 'message.resent', targetType: 'message', targetId: String(messageId), now })
  })
}
