// The conversation core as the rest of the app sees it: the one inbound path for every channel,
// delivery updates, and the background work (turns, outbox) it drives.
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client.ts'
import type { Answerer, TownData } from '../answerer.ts'
import type { ChannelAdapter, ChannelCapabilities, ChannelCapability, ChannelContext, ContextWith, DeliveryUpdate, InboundMessage } from './channel.ts'
import { channelState, publicHistory, sessionIdentities, threadLookup } from '../db/channel-capabilities.ts'
import { InboundWriter, type Received } from './receive-inbound.ts'
import { GroupCommit } from '../db/group-commit.ts'
import { handleTurn, handleTurns, type TurnDeps } from './handle-turn.ts'
import { OutboxWorker } from './outbox-worker.ts'
import { LiveBus } from '../live/live-bus.ts'
import { TurnRunner, type QueuedTurn } from './turn-runner.ts'
import type { RetryPolicy } from './retry-policy.ts'
import type { TurnFeatures } from './turn-features.ts'
import { findByProviderMessageId, setDeliveryStatus, unprocessedInbound } from '../db/messages.ts'
import { flagSendFailed } from '../db/conversations.ts'
import { recordSentFromCallback } from '../db/outbox.ts'

export type CoreDeps = {
  db: Db
  answerer: Answerer
  townData: TownData
  /** Tickets, consultations, alerts: what a turn reaches beyond its conversation (src/features.ts). */
  features: TurnFeatures
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
    this.#turnDeps = { db: deps.db, answerer: deps.answerer, townData: deps.townData, features: deps.features, oneMessagePerTurn: channel => this.channels.get(channel)?.oneMessagePerTurn === true, commit }
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
    const pending = await unprocessedInbound(this.#deps.db)
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
    // A callback for a send whose process stopped before recording it: the send happened, recorded now.
    const message = await findByProviderMessageId(db, channel, update.providerMessageId) ??
      (update.outboxId ? await recordSentFromCallback(db, { channel, outboxId: update.outboxId, providerMessageId: update.providerMessageId, now: new Date() }) : null)
    if (!message) return
    const next = update.status === 'queued' ? 'sent' : update.status
    if ((DELIVERY_RANK[next] ?? 0) < (DELIVERY_RANK[message.deliveryStatus ?? 'pending'] ?? 0)) return
    const failed = next === 'failed' || next === 'undelivered'
    const deliveryError = failed ? [update.errorCode, update.errorMessage].filter(Boolean).join(' ') || next : null
    await setDeliveryStatus(db, message.id, next, deliveryError)
    if (failed) await flagSendFailed(db, message.conversationId, new Date())
    this.live.emit('conversation', { conversationId: message.conversationId, reason: 'delivery' })
  }

  /**
   * What a channel adapter is given: it never touches the database itself. The capabilities are
   * only those the adapter lists in `uses` (the web chat's history and sessions, email's threading).
   */
  contextFor (adapter: Pick<ChannelAdapter, 'name'> & { uses?: Partial<Record<ChannelCapability, true>> }, log: FastifyBaseLogger): ContextWith<ChannelCapability> {
    const { db } = this.#deps
    const channel = adapter.name
    const context: ChannelContext & Partial<ChannelCapabilities> = {
      receive: (message) => this.receive(message),
      updateDelivery: (update) => this.updateDelivery(channel, update),
      live: this.live,
      log,
      state: channelState(db, channel),
    }
    const uses = new Set(Object.keys(adapter.uses ?? {}))
    if (uses.has('history')) {
      context.history = {
        firstScreen: async (lang) => this.#deps.answerer.firstScreen?.(lang, this.#deps.townData) ?? null,
        messages: (address, afterMessageId, limit) => publicHistory(db, address, afterMessageId, limit),
      }
    }
    if (uses.has('sessions')) context.sessions = sessionIdentities(db)
    if (uses.has('threading')) context.threading = threadLookup(db, channel)
    // Typed as if every capability were there; the adapter's own type (ChannelAdapter<C>) lets it use only those it listed.
    return context as ContextWith<ChannelCapability>
  }
}
