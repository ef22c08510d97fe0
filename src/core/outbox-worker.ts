// Drains the outbox through the channel adapters: claim due rows, send, record the outcome.
// A failed send is retried with backoff; after the last attempt the message is marked failed
// and the conversation is flagged for a person, so a failure is never silent (LESSONS.md).
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db, Prisma } from '../db/client.ts'
import { ChannelSendError, type ChannelAdapter, type OutboundMessage } from './channel.ts'
import { retryDelayMs, shouldGiveUp, type RetryPolicy } from './retry-policy.ts'
import type { LiveBus } from './live.ts'
import type { IdentityKind } from '../domain.ts'
import { bulkUpdate } from '../db/bulk-write.ts'

const BATCH = 500
const LEASE_MS = 60_000

// Everything a send needs, loaded for the whole batch at once (a few queries per batch, not per
// row), and nothing more: mapping unused columns of 500 rows is most of what a wide include costs.
const DELIVERY_SELECT = {
  id: true,
  messageId: true,
  channel: true,
  attempts: true,
  message: {
    select: {
      id: true, conversationId: true, text: true, author: true, lang: true, meta: true, createdAt: true,
      conversation: {
        select: {
          id: true, channel: true, lang: true, subject: true,
          identity: { select: { kind: true, value: true, citizenId: true, replyContext: true, lastInboundAt: true, optedOutAt: true } },
          tickets: { select: { reference: true }, orderBy: { createdAt: 'desc' }, take: 1 },
        },
      },
    },
  },
} satisfies Prisma.OutboxItemSelect
type DueItem = Prisma.OutboxItemGetPayload<{ select: typeof DELIVERY_SELECT }>
type DeliveryContext = { inReplyTo: Map<string, string | null>, optedOut: { citizenId: string, kind: string, value: string }[] }
type Sent = { item: DueItem, providerMessageId: string, deliveryStatus: string, meta?: string }

export type OutboxWorkerDeps = {
  db: Db
  channels: ReadonlyMap<string, ChannelAdapter>
  live: LiveBus
  policy: RetryPolicy
  pollMs: number
  log: FastifyBaseLogger
  now?: () => Date
}

export class OutboxWorker {
  #timer: NodeJS.Timeout | undefined
  #running = false
  #wakeRequested = false
  #stopped = true
  #idle: Promise<void> = Promise.resolve()
  readonly #deps: OutboxWorkerDeps

  constructor (deps: OutboxWorkerDeps) {
    this.#deps = deps
  }

  start (): void {
    this.#stopped = false
    this.wake()
  }

  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#idle
  }

  /** Something was enqueued: drain now rather than at the next poll. */
  wake (): void {
    if (this.#stopped) return
    if (this.#running) { this.#wakeRequested = true; return }
    clearTimeout(this.#timer)
    this.#idle = this.#loop()
  }

  async #loop (): Promise<void> {
    this.#running = true
    try {
      do {
        this.#wakeRequested = false
        while (!this.#stopped && await this.drainOnce() === BATCH) { /* a full batch: more may be due */ }
      } while (this.#wakeRequested && !this.#stopped)
    } catch (error) {
      this.#deps.log.error({ err: error }, 'outbox: drain failed')
    } finally {
      this.#running = false
      if (!this.#stopped) this.#timer = setTimeout(() => this.wake(), this.#deps.pollMs)
    }
  }

  /** Sends what is due; returns how many rows it found due. Exposed for tests. */
  async drainOnce (): Promise<number> {
    const { db } = this.#deps
    const now = this.#now()
    const dueWhere = { status: 'pending', nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] }
    const due = await db.outboxItem.findMany({ where: dueWhere, orderBy: [{ nextAttemptAt: 'asc' }, { messageId: 'asc' }], take: BATCH, select: { id: true } })
    if (!due.length) return 0
    // One UPDATE claims the batch (works the same on SQLite and PostgreSQL, and with several
    // instances); reading back by lease id gives exactly the rows this worker won, as they are now.
    const leaseId = randomUUID()
    await db.outboxItem.updateMany({ where: { ...dueWhere, id: { in: due.map(d => d.id) } }, data: { lockedUntil: new Date(now.getTime() + LEASE_MS), leaseId } })
    const claimed = await db.outboxItem.findMany({ where: { leaseId }, orderBy: { messageId: 'asc' }, select: DELIVERY_SELECT })
    const context = await this.#deliveryContext(claimed)
    // In order within a conversation (the assistant notice before the answer), in parallel across them.
    const byConversation = new Map<string, DueItem[]>()
    for (const item of claimed) byConversation.set(item.message.conversationId, [...byConversation.get(item.message.conversationId) ?? [], item])
    const sent: Sent[] = []
    await Promise.all([...byConversation.values()].map(async items => {
      for (const item of items) {
        const outcome = await this.#deliver(item, context)
        if (outcome) sent.push(outcome)
      }
    }))
    await this.#recordSent(sent)
    return due.length
  }

  /** What a send needs beyond the row, for the whole batch in three queries. */
  async #deliveryContext (items: DueItem[]): Promise<DeliveryContext> {
    const { db } = this.#deps
    const conversationIds = [...new Set(items.map(i => i.message.conversationId))]
    const [latest, optedOut] = await Promise.all([
      db.message.groupBy({ by: ['conversationId', 'channel'], where: { conversationId: { in: conversationIds }, direction: 'inbound' }, _max: { id: true } }),
      // Same address on another kind (SMS vs WhatsApp of one number) that sent STOP: a fallback must not reach it.
      db.identity.findMany({ where: { citizenId: { in: [...new Set(items.map(i => i.message.conversation.identity.citizenId))] }, optedOutAt: { not: null } }, select: { citizenId: true, kind: true, value: true } }),
    ])
    // The latest inbound message on the conversation's own channel (email threading headers).
    const channelOf = new Map(items.map(i => [i.message.conversationId, i.message.conversation.channel]))
    const latestIds = latest.filter(l => l.channel === channelOf.get(l.conversationId) && l._max.id !== null).map(l => l._max.id!)
    const metas = latestIds.length ? await db.message.findMany({ where: { id: { in: latestIds } }, select: { conversationId: true, meta: true } }) : []
    return { inReplyTo: new Map(metas.map(m => [m.conversationId, m.meta])), optedOut }
  }

  /** Sends one item; returns what to record when it went out (failures are recorded at once). */
  async #deliver (item: DueItem, context: DeliveryContext): Promise<Sent | undefined> {
    const { channels, log } = this.#deps
    const { message } = item
    const { conversation } = message
    const identity = conversation.identity
    const meta = message.meta ? JSON.parse(message.meta) as Record<string, unknown> : {}
    if (identity.optedOutAt && !meta.bypassOptOut) {
      await this.#finish(item.id, message.id, 'cancelled', 'failed', 'opted_out: the citizen sent STOP on this channel')
      return undefined
    }
    const adapter = channels.get(item.channel)
    if (!adapter) {
      await this.#fail(item, new ChannelSendError(`channel ${item.channel} is off`, true))
      return undefined
    }
    try {
      const result = await adapter.send(this.#outboundMessage(item, context))
      const status = result.status === 'pending' ? 'pending' : result.status ?? 'sent'
      return { item, providerMessageId: result.providerMessageId, deliveryStatus: status === 'pending' ? 'sent' : status, meta: result.meta ? JSON.stringify({ ...meta, ...result.meta }) : undefined }
    } catch (error) {
      const sendError = error instanceof ChannelSendError ? error : new ChannelSendError(String((error as Error)?.message ?? error), true, undefined, { cause: error })
      log.warn({ outboxId: item.id, channel: item.channel, attempt: item.attempts + 1, err: sendError.message }, 'outbox: send failed')
      await this.#fail(item, sendError)
      return undefined
    }
  }

  /** One transaction for the batch's successful sends. */
  async #recordSent (sent: Sent[]): Promise<void> {
    if (!sent.length) return
    const { db } = this.#deps
    await db.$transaction(async tx => {
      await tx.outboxItem.updateMany({
        where: { id: { in: sent.map(s => s.item.id) } },
        data: { status: 'sent', attempts: { increment: 1 }, sentAt: this.#now(), lockedUntil: null, leaseId: null, lastError: null, heldReason: null },
      })
      await bulkUpdate(tx, 'Message', { providerMessageId: 'text', deliveryStatus: 'text', deliveryError: 'text' },
        sent.map(s => ({ id: s.item.messageId, values: { providerMessageId: s.providerMessageId, deliveryStatus: s.deliveryStatus, deliveryError: null } })))
      for (const s of sent) if (s.meta) await tx.message.update({ where: { id: s.item.messageId }, data: { meta: s.meta } })
    }, { timeout: 30_000 })
    for (const conversationId of new Set(sent.map(s => s.item.message.conversationId))) this.#deps.live.emit('conversation', { conversationId, reason: 'delivery' })
  }

  #outboundMessage (item: DueItem, context: DeliveryContext): OutboundMessage {
    const { message } = item
    const { conversation } = message
    const { identity } = conversation
    const optedOutSiblings = context.optedOut.filter(o => o.citizenId === identity.citizenId && o.value === identity.value && o.kind !== identity.kind)
    const inReplyTo = context.inReplyTo.get(conversation.id)
    return {
      outboxId: item.id,
      messageId: message.id,
      conversationId: conversation.id,
      to: { kind: identity.kind as OutboundMessage['to']['kind'], value: identity.value },
      text: message.text,
      author: message.author as OutboundMessage['author'],
      createdAt: message.createdAt,
      lang: (message.lang ?? conversation.lang) === 'en' ? 'en' : 'fr',
      replyContext: identity.replyContext ? JSON.parse(identity.replyContext) : undefined,
      lastInboundAt: identity.lastInboundAt ?? undefined,
      ...(optedOutSiblings.length ? { optedOutKinds: optedOutSiblings.map(s => s.kind as IdentityKind) } : {}),
      inReplyTo: inReplyTo ? JSON.parse(inReplyTo) : undefined,
      ticketReference: conversation.tickets[0]?.reference,
      subject: conversation.subject ?? undefined,
    }
  }

  async #fail (item: { id: string, attempts: number, messageId: number, message: { conversationId: string } }, error: ChannelSendError): Promise<void> {
    const { db, policy } = this.#deps
    const attempts = item.attempts + 1
    const lastError = error.message.slice(0, 500)
    if (shouldGiveUp(policy, attempts, error.retryable)) {
      await this.#finish(item.id, item.messageId, 'failed', 'failed', lastError, attempts)
      const now = this.#now()
      await db.conversation.update({
        where: { id: item.message.conversationId },
        data: { needsHuman: true, needsHumanReason: 'send_failed', needsHumanSince: now },
      })
      this.#deps.live.emit('conversation', { conversationId: item.message.conversationId, reason: 'send_failed' })
      return
    }
    const delay = retryDelayMs(policy, attempts, Math.random, error.retryAfterMs)
    await db.outboxItem.update({
      where: { id: item.id },
      data: { attempts, lastError, lockedUntil: null, leaseId: null, nextAttemptAt: new Date(this.#now().getTime() + delay) },
    })
  }

  async #finish (outboxId: string, messageId: number, status: 'failed' | 'cancelled', deliveryStatus: 'failed', lastError: string, attempts?: number): Promise<void> {
    const { db } = this.#deps
    await db.$transaction([
      db.outboxItem.update({ where: { id: outboxId }, data: { status, lastError, lockedUntil: null, leaseId: null, ...(attempts ? { attempts } : {}) } }),
      db.message.update({ where: { id: messageId }, data: { deliveryStatus, deliveryError: lastError } }),
    ])
  }

  #now (): Date {
    return this.#deps.now ? this.#deps.now() : new Date()
  }
}

