// Drains the outbox through the channel adapters: claim due rows, send, record the outcome.
// A failed send is retried with backoff; after the last attempt the message is marked failed
// and the conversation is flagged for a person, so a failure is never silent (LESSONS.md).
import type { FastifyBaseLogger } from 'fastify'
import type { Db, Prisma } from '../db/client.ts'
import { ChannelSendError, type ChannelAdapter, type OutboundMessage } from './channel.ts'
import { retryDelayMs, shouldGiveUp, type RetryPolicy } from './retry-policy.ts'
import type { LiveBus } from './live.ts'
import type { IdentityKind } from '../domain.ts'

const BATCH = 50
const LEASE_MS = 60_000

// Everything a send needs, loaded for the whole batch at once (a few queries per batch, not per row).
const DELIVERY_INCLUDE = {
  message: { include: { conversation: { include: { identity: true, tickets: { select: { reference: true }, orderBy: { createdAt: 'desc' }, take: 1 } } } } },
} satisfies Prisma.OutboxItemInclude
type DueItem = Prisma.OutboxItemGetPayload<{ include: typeof DELIVERY_INCLUDE }>

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

  /** Sends what is due; returns how many rows it claimed. Exposed for tests. */
  async drainOnce (): Promise<number> {
    const { db } = this.#deps
    const now = this.#now()
    const due = await db.outboxItem.findMany({
      where: { status: 'pending', nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      orderBy: [{ nextAttemptAt: 'asc' }, { messageId: 'asc' }],
      take: BATCH,
      include: DELIVERY_INCLUDE,
    })
    const claimed: DueItem[] = []
    for (const item of due) {
      // Optimistic claim: works the same on SQLite and PostgreSQL, and with several instances.
      // Matching the attempts we read means nobody tried this row since: what we loaded is current.
      const { count } = await db.outboxItem.updateMany({
        where: { id: item.id, status: 'pending', attempts: item.attempts, nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { lockedUntil: new Date(now.getTime() + LEASE_MS) },
      })
      if (count === 1) claimed.push(item)
    }
    // In order within a conversation (the assistant notice before the answer), in parallel across them.
    const byConversation = new Map<string, DueItem[]>()
    for (const item of claimed) byConversation.set(item.message.conversationId, [...byConversation.get(item.message.conversationId) ?? [], item])
    await Promise.all([...byConversation.values()].map(async items => { for (const item of items) await this.#deliver(item) }))
    return due.length
  }

  async #deliver (item: DueItem): Promise<void> {
    const { db, channels, log } = this.#deps
    const { message } = item
    const { conversation } = message
    const identity = conversation.identity
    const meta = message.meta ? JSON.parse(message.meta) as Record<string, unknown> : {}
    if (identity.optedOutAt && !meta.bypassOptOut) {
      await this.#finish(item.id, message.id, 'cancelled', 'failed', 'opted_out: the citizen sent STOP on this channel')
      return
    }
    const adapter = channels.get(item.channel)
    if (!adapter) {
      await this.#fail(item, new ChannelSendError(`channel ${item.channel} is off`, true))
      return
    }
    try {
      const outbound = await this.#outboundMessage(item.id, message, identity, conversation)
      const result = await adapter.send(outbound)
      const status = result.status === 'pending' ? 'pending' : result.status ?? 'sent'
      await db.$transaction([
        db.outboxItem.update({ where: { id: item.id }, data: { status: 'sent', attempts: { increment: 1 }, sentAt: this.#now(), lockedUntil: null, lastError: null, heldReason: null } }),
        db.message.update({
          where: { id: message.id },
          data: { providerMessageId: result.providerMessageId, deliveryStatus: status === 'pending' ? 'sent' : status, deliveryError: null, ...(result.meta ? { meta: JSON.stringify({ ...meta, ...result.meta }) } : {}) },
        }),
      ])
      this.#deps.live.emit('conversation', { conversationId: conversation.id, reason: 'delivery' })
    } catch (error) {
      const sendError = error instanceof ChannelSendError ? error : new ChannelSendError(String((error as Error)?.message ?? error), true, undefined, { cause: error })
      log.warn({ outboxId: item.id, channel: item.channel, attempt: item.attempts + 1, err: sendError.message }, 'outbox: send failed')
      await this.#fail(item, sendError)
    }
  }

  async #outboundMessage (outboxId: string, message: { id: number, text: string, author: string, createdAt: Date, lang: string | null, conversationId: string },
    identity: { kind: string, value: string, citizenId: string, replyContext: string | null, lastInboundAt: Date | null },
    conversation: { id: string, channel: string, lang: string, subject: string | null, tickets: { reference: string }[] }): Promise<OutboundMessage> {
    const [lastInbound, optedOutSiblings] = await Promise.all([
      this.#deps.db.message.findFirst({
        where: { conversationId: conversation.id, direction: 'inbound', channel: conversation.channel },
        orderBy: { id: 'desc' },
        select: { meta: true },
      }),
      // Same address on another kind (SMS vs WhatsApp of one number) that sent STOP: a fallback must not reach it.
      this.#deps.db.identity.findMany({ where: { citizenId: identity.citizenId, value: identity.value, kind: { not: identity.kind }, optedOutAt: { not: null } }, select: { kind: true } }),
    ])
    return {
      outboxId,
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
      inReplyTo: lastInbound?.meta ? JSON.parse(lastInbound.meta) : undefined,
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
      data: { attempts, lastError, lockedUntil: null, nextAttemptAt: new Date(this.#now().getTime() + delay) },
    })
  }

  async #finish (outboxId: string, messageId: number, status: 'failed' | 'cancelled', deliveryStatus: 'failed', lastError: string, attempts?: number): Promise<void> {
    const { db } = this.#deps
    await db.$transaction([
      db.outboxItem.update({ where: { id: outboxId }, data: { status, lastError, lockedUntil: null, ...(attempts ? { attempts } : {}) } }),
      db.message.update({ where: { id: messageId }, data: { deliveryStatus, deliveryError: lastError } }),
    ])
  }

  #now (): Date {
    return this.#deps.now ? this.#deps.now() : new Date()
  }
}

