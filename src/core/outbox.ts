// Writing to the outbox: every outbound message is a Message row plus an OutboxItem row,
// written in the same transaction as whatever caused it (the transactional outbox).
import type { Tx } from '../db/client.ts'
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
  now: Date
}

export async function enqueueOutbound (tx: Tx, input: EnqueueInput) {
  const held = input.notBefore && input.notBefore > input.now
  const meta = { ...input.meta, ...(input.bypassOptOut ? { bypassOptOut: true } : {}) }
  const message = await tx.message.create({
    data: {
      conversationId: input.conversationId,
      citizenId: input.citizenId,
      direction: 'outbound',
      author: input.author,
      agentId: input.agentId,
      channel: input.channel,
      text: input.text,
      lang: input.lang,
      isAutomatic: input.author === 'bot',
      deliveryStatus: held ? 'held' : 'pending',
      meta: Object.keys(meta).length ? JSON.stringify(meta) : null,
      createdAt: input.now,
      outbox: {
        create: {
          channel: input.channel,
          nextAttemptAt: held ? input.notBefore! : input.now,
          heldReason: held ? input.heldReason : null,
          createdAt: input.now,
        },
      },
    },
  })
  return message
}
