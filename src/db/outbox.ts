// Writing to the outbox: every outbound message is a Message row plus an OutboxItem row,
// written in the same transaction as whatever caused it (the transactional outbox).
import { orderedId } from './ordered-id.ts'
import type { Tx } from './client.ts'
import { insertRows, insertRowsReturningIds } from './bulk-write.ts'
import type { Sql } from './sql.ts'
import type { MessageAuthor } from '../domain.ts'

export type EnqueueInput = {
  conversationId: string
  citizenId: string
  channel: string
  text: string
  author: Exclude<MessageAuthor, 'citizen'>
  agentId?: string
  lang?: string
  /** Send no earlier than this (quiet hours); the reason is shown to agents. */
  notBefore?: Date
  heldReason?: string
  /** The STOP confirmation itself must still reach the citizen. */
  bypassOptOut?: boolean
  meta?: Record<string, unknown>
  /** The broadcast that planned this row (issue 20): progress, figures, cancel. */
  broadcastId?: string
  now: Date
}

export async function enqueueOutbound (tx: Tx, input: EnqueueInput) {
  return tx.message.create({ data: { ...messageRow(input), outbox: { create: outboxRow(input) } } })
}

/**
 * The same for many messages at once (a batch of turns): two multi-row INSERTs instead of two
 * statements per message. Messages keep the order given (ids grow with it).
 */
export async function enqueueOutboundMany (sql: Sql, inputs: EnqueueInput[]): Promise<{ id: number }[]> {
  if (!inputs.length) return []
  const ids = await insertRowsReturningIds(sql, 'Message', inputs.map(messageRow))
  await insertRows(sql, 'OutboxItem', inputs.map((input, i) => ({ id: orderedId(), status: 'pending', attempts: 0, ...outboxRow(input), messageId: ids[i] })))
  return ids.map(id => ({ id }))
}

const isHeld = (input: EnqueueInput) => Boolean(input.notBefore && input.notBefore > input.now)

function messageRow (input: EnqueueInput) {
  const meta = { ...input.meta, ...(input.bypassOptOut ? { bypassOptOut: true } : {}) }
  return {
    conversationId: input.conversationId,
    citizenId: input.citizenId,
    direction: 'outbound',
    author: input.author,
    agentId: input.agentId ?? null,
    channel: input.channel,
    text: input.text,
    lang: input.lang ?? null,
    isAutomatic: input.author === 'bot',
    deliveryStatus: isHeld(input) ? 'held' : 'pending',
    meta: Object.keys(meta).length ? JSON.stringify(meta) : null,
    createdAt: input.now,
  }
}

function outboxRow (input: EnqueueInput) {
  const held = isHeld(input)
  return {
    channel: input.channel, nextAttemptAt: held ? input.notBefore! : input.now, heldReason: held ? input.heldReason ?? null : null, createdAt: input.now,
    ...(input.broadcastId ? { broadcastId: input.broadcastId } : {}),
  }
}
