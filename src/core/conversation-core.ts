// The conversation core as the rest of the app sees it: the one inbound path for every channel,
// delivery updates, and the background work (turns, outbox) it drives.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client.ts'
import type { Answerer, TownData } from '../answerer.ts'
import type { ChannelAdapter, ChannelContext, DeliveryUpdate, InboundMessage } from './channel.ts'
import { InboundWriter, type Received } from './receive-inbound.ts'
import { GroupCommit } from '../db/group-commit.ts'
import { handleTurn, handleTurns, type TurnDeps } from './handle-turn.ts'
import { OutboxWorker } from './outbox-worker.ts'
import { LiveBus, toPublicMessage } from '../live/live-bus.ts'
import { TurnRunner, type QueuedTurn } from './turn-runner.ts'
import type { RetryPolicy } from './retry-policy.ts'
import type { TicketSettings } from '../tickets/ticket-service.ts'

export type CoreDeps = {
  db: Db
  answerer: Answerer
  townData: TownData
  tickets: TicketSettings & { publicUrl: string }
  retry: RetryPolicy
  outboxPollMs: number
  /** Broadcasts' pace per sender (issue 20). */
  pace?: (channel: string, kind: string) => number | undefined
  log: FastifyBaseLogger
}

const DELIVERY_RANK: Record<string, number> = { pending: 0, held: 0, queued: 0, sent: 1, delivered: 2, read: 3, undelivered: 4, failed: 4 }

export class ConversationCore {
  readonly live = new LiveBus()
  readonly channels = new Map<string, ChannelAdapter>()
  readonly outbox: OutboxWorker
  readonly #turns = new TurnRunner(batch => this.#runTurns(batch))
  readonly #inbound: InboundWriter
  readonly #deps: CoreDeps
  readonly #turnDeps: TurnDeps

  constructor (deps: CoreDeps) {
    this.#deps = deps
    // Storing messages, applying turns and recording sends that are ready together commit together.
    const commit = new GroupCommit(deps.db)
    this.#inbound = new InboundWriter(deps.db, commit)
    this.#turnDeps = { db: deps.db, answerer: deps.answerer, townData: deps.townData, tickets: deps.tickets, oneMessagePerTurn: channel => this.channels.get(channel)?.oneMessagePerTurn === true, commit }
    this.outbox = new OutboxWorker({ db: deps.db, channels: this.channels, live: this.live, policy: deps.retry, pollMs: deps.outboxPollMs, log: deps.log, commit, pace: deps.pace })
  }

  /** The one inbound path: stored (or recognised as a redelivery) before this resolves; answered in the background. */
  async receive (message: InboundMessage): Promise<Received> {
    const adapter = this.channels.get(message.channel)
    const received = await this.#inbound.receive(adapter ?? { maxTextLength: 4000 }, message)
    if (!received.duplicate) {
      this.live.emit('stored', { messageId: received.messageId })
      this.live.emit('conversation', { conversationId: received.conversationId, reason: 'inbound' })
      this.#turns.push([{ messageId: received.messageId, citizenId: received.citizenId }])
    }
    return received
  }

  async #runTurns (batch: QueuedTurn[]): Promise<void> {
    try {
      this.#publish(await handleTurns(this.#turnDeps, batch.map(t => t.messageId)))
    } catch (error) {
      // One message spoiled the batch: handle each on its own so that the others are answered.
      this.#deps.log.warn({ err: error, messages: batch.length }, 'turn batch failed, handling its messages one by one')
      for (const { messageId } of batch) {
        try {
          this.#publish([await handleTurn(this.#turnDeps, messageId)])
        } catch (error) {
          // The message stays unprocessed and is handled again at the next start.
          this.#deps.log.error({ err: error, messageId }, 'turn failed')
        }
      }
    }
  }

  #publish (outcomes: { messageId: number, conversationId: string, handled: string }[]): void {
    const done = outcomes.filter(o => o.handled !== 'already_done')
    // Outbound messages reach the citizen through the outbox (the web chat pushes them when it "sends").
    for (const conversationId of new Set(done.map(o => o.conversationId))) this.live.emit('conversation', { conversationId, reason: 'answered' })
    if (done.length) {
      this.live.emit('turns', { messageIds: done.map(o => o.messageId) })
      this.outbox.wake()
    }
  }

  /** Messages stored but not handled when the process stopped. */
  async resumeUnprocessed (): Promise<number> {
    const pending = await this.#deps.db.message.findMany({
      where: { direction: 'inbound', processedAt: null },
      orderBy: { id: 'asc' },
      select: { id: true, citizenId: true },
    })
    this.#turns.push(pending.map(m => ({ messageId: m.id, citizenId: m.citizenId })))
    return pending.length
  }

  /** Waits until every scheduled turn has run (tests, shutdown). */
  idle (): Promise<void> {
    return this.#turns.idle()
  }

  /** Provider status callbacks: never move a status backwards (a late "sent" after "delivered"). */
  async updateDelivery (channel: string, update: DeliveryUpdate): Promise<void> {
    const { db } = this.#deps
    const message = await db.message.findFirst({ where: { channel, providerMessageId: update.providerMessageId }, select: { id: true, deliveryStatus: true, conversationId: true } }) ??
      (update.outboxId ? await this.#recordSendFromCallback(channel, update.outboxId, update.providerMessageId) : null)
    if (!message) return
    const next = update.status === 'queued' ? 'sent' : update.status
    if ((DELIVERY_RANK[next] ?? 0) < (DELIVERY_RANK[message.deliveryStatus ?? 'pending'] ?? 0)) return
    const failed = next === 'failed' || next === 'undelivered'
    const deliveryError = failed ? [update.errorCode, update.errorMessage].filter(Boolean).join(' ') || next : null
    await db.message.update({ where: { id: message.id }, data: { deliveryStatus: next, deliveryError } })
    if (failed) {
      await db.conversation.update({ where: { id: message.conversationId }, data: { needsHuman: true, needsHumanReason: 'send_failed', needsHumanSince: new Date() } })
    }
    this.live.emit('conversation', { conversationId: message.conversationId, reason: 'delivery' })
  }

  /** A callback for a send whose process stopped before recording it: the send happened, record it now. */
  async #recordSendFromCallback (channel: string, outboxId: string, providerMessageId: string) {
    const { db } = this.#deps
    const item = await db.outboxItem.findUnique({ where: { id: outboxId }, select: { messageId: true, channel: true, status: true } })
    if (!item || item.channel !== channel) return null
    const message = await db.message.findUnique({ where: { id: item.messageId }, select: { id: true, deliveryStatus: true, conversationId: true, providerMessageId: true } })
    if (!message || message.providerMessageId) return null // recorded already (another send of it is not this one)
    await db.$transaction([
      db.message.update({ where: { id: message.id }, data: { providerMessageId, deliveryStatus: 'sent', deliveryError: null } }),
      db.outboxItem.updateMany({ where: { id: outboxId, status: 'pending' }, data: { status: 'sent', sentAt: new Date(), leaseId: null, lockedUntil: null, lastError: null } }),
    ])
    return { id: message.id, deliveryStatus: 'sent', conversationId: message.conversationId }
  }

  /** What a channel adapter is given: it never touches the database itself. */
  contextFor (channel: string, log: FastifyBaseLogger): ChannelContext {
    const { db } = this.#deps
    return {
      firstScreen: async (lang) => this.#deps.answerer.firstScreen?.(lang, this.#deps.townData) ?? null,
      receive: (message) => this.receive(message),
      updateDelivery: (update) => this.updateDelivery(channel, update),
      live: this.live,
      log,
      state: {
        async get (key) {
          const row = await db.channelState.findUnique({ where: { key: `${channel}:${key}` } })
          return row ? JSON.parse(row.value) : undefined
        },
        async set (key, value) {
          const k = `${channel}:${key}`
          await db.channelState.upsert({ where: { key: k }, create: { key: k, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } })
        },
      },
      identities: {
        async register (address, secretHash) {
          await db.$transaction(async tx => {
            const citizen = await tx.citizen.create({ data: {} })
            await tx.identity.create({ data: { kind: address.kind, value: address.value, citizenId: citizen.id, secretHash } })
          })
        },
        async check (address, secretHash) {
          const identity = await db.identity.findUnique({ where: { kind_value: { kind: address.kind, value: address.value } }, select: { secretHash: true } })
          if (!identity?.secretHash) return 'unknown'
          return safeEqual(identity.secretHash, secretHash) ? 'ok' : 'mismatch'
        },
      },
      async history (address, afterMessageId, limit) {
        const identity = await db.identity.findUnique({ where: { kind_value: { kind: address.kind, value: address.value } }, select: { id: true } })
        if (!identity) return []
        const rows = await db.message.findMany({
          // A send cancelled because the citizen sent STOP is not shown either: they get nothing there.
          where: { conversation: { identityId: identity.id }, direction: { in: ['inbound', 'outbound'] }, id: { gt: afterMessageId }, NOT: { outbox: { is: { status: 'cancelled' } } } },
          orderBy: { id: 'asc' },
          take: limit,
          select: { id: true, direction: true, author: true, text: true, createdAt: true },
        })
        return rows.map(toPublicMessage)
      },
      async findConversationByProviderIds (ids, address) {
        if (!ids.length) return undefined
        const identity = await db.identity.findUnique({ where: { kind_value: { kind: address.kind, value: address.value } } })
        if (!identity) return undefined
        // One query per id column, each searched through its own index: with an OR of the two,
        // or with the channel in the provider-id query, SQLite read every message of the channel
        // (Message(channel, externalId) looked more selective to it). Provider ids match a few
        // messages at most; the channel is checked on those.
        const select = { id: true, channel: true, conversationId: true } as const
        const [byProviderId, byExternalId] = await Promise.all([
          db.message.findMany({ where: { citizenId: identity.citizenId, providerMessageId: { in: ids } }, select }),
          db.message.findMany({ where: { channel, citizenId: identity.citizenId, externalId: { in: ids } }, select }),
        ])
        const found = [...byProviderId, ...byExternalId].filter(m => m.channel === channel).sort((a, b) => b.id - a.id)[0]
        return found?.conversationId
      },
      async findConversationByTicketReference (reference, address) {
        const identity = await db.identity.findUnique({ where: { kind_value: { kind: address.kind, value: address.value } } })
        if (!identity) return undefined
        const ticket = await db.ticket.findUnique({ where: { reference }, select: { citizenId: true, conversationId: true } })
        return ticket && ticket.citizenId === identity.citizenId ? ticket.conversationId ?? undefined : undefined
      },
    }
  }
}

function safeEqual (a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
