// Drains the outbox through the channel adapters: claim due rows, send, record the outcome.
// A failed send is retried with backoff; after the last attempt the message is marked failed
// and the conversation is flagged for a person, so a failure is never silent (LESSONS.md).
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client.ts'
import { ChannelSendError, type ChannelAdapter, type OutboundMessage } from './channel.ts'
import { retryDelayMs, shouldGiveUp, type RetryPolicy } from './retry-policy.ts'
import { unwrapReplyReference } from './reply-reference.ts'
import type { LiveBus } from '../live/live-bus.ts'
import type { IdentityKind } from '../domain.ts'
import type { GroupCommit, Work } from '../db/group-commit.ts'
import { OUTBOX_BATCH as BATCH } from '../db/batching.ts'
import { inTransaction } from '../db/transaction.ts'
import { claimDueOutboxItems, finishOutboxItem, isStillPending, loadDueItems, postponeOutboxItems, recordSent, scheduleRetry, type DueItem, type OutboxLane } from '../db/outbox.ts'
import { optedOutIdentitiesOf, type OptedOutAddress as OptedOut } from '../db/identities.ts'
import { flagSendFailed } from '../db/conversations.ts'
const LEASE_MS = 60_000
const MAX_PACE_WAIT_MS = 1_000
const DEFERRED = -1
// Broadcasts yield to conversations (issue 20: a broadcast never blocks them). The citizens' own
// rows are claimed before a broadcast's, so a reply never waits behind 50,000 of them; and while
// conversations go on (a reply claimed within CONVERSING_MS), a broadcast's batches take at most
// BROADCAST_SHARE of the worker's time: after a batch that took t ms, the next waits
// t × (1 − share) / share. With no conversation going on, a broadcast goes at full speed.
const BROADCAST_SHARE = 0.15
const CONVERSING_MS = 1_000

// A row claimed again while it still carries a lease: the attempt under that lease neither
// succeeded nor failed on record, its process stopped during the send (issue 19). Said in
// lastError, which the attempt's own outcome then replaces.
export const OUTCOME_UNKNOWN = 'outcome_unknown: the process stopped during a send'

type Sent = { item: DueItem, providerMessageId: string, deliveryStatus: string, meta?: string }

export type OutboxWorkerDeps = {
  db: Db
  channels: ReadonlyMap<string, ChannelAdapter>
  live: LiveBus
  policy: RetryPolicy
  pollMs: number
  log: FastifyBaseLogger
  /** Shared with the other hot-path writers (ConversationCore); a transaction of its own otherwise. */
  commit?: GroupCommit
  /** Broadcasts' pace per sender, messages per second (issue 20); undefined: not paced. */
  pace?: (channel: string, kind: string) => number | undefined
  now?: () => Date
}

export class OutboxWorker {
  #timer: NodeJS.Timeout | undefined
  #running = false
  #wakeRequested = false
  #stopped = true
  #idle: Promise<void> = Promise.resolve()
  readonly #deps: OutboxWorkerDeps
  readonly #pacer = new SendPacer()
  // Sends that returned and wait for the piece of the group commit that will record them (issue
  // 19, item 2): recorded per batch, a kill -9 during a 500-row batch left every reply the channel
  // had already taken with no outcome, and a channel with nothing to check (Bot Framework has no
  // findSent) posted them again. One piece at a time waits in the group commit's queue and takes,
  // when its transaction runs, every send that returned until then: the window is one commit, and
  // the web chat's batch, whose sends return together, is still recorded in one piece.
  #unrecorded: Sent[] = []
  #queuedRecord: Promise<void> | undefined
  // Conversations whose sends wait for a broadcast's pace (up to MAX_PACE_WAIT_MS): they finish on
  // their own, so that the next drain, and the citizens' replies it finds, do not wait for them.
  readonly #paced = new Set<Promise<void>>()
  // When a reply was last claimed, and when broadcasts may have their next batch (performance.now()).
  #repliedAt = Number.NEGATIVE_INFINITY
  #broadcastsAt = 0

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
    while (this.#paced.size) await Promise.all([...this.#paced])
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
      // Broadcasts held back for conversations resume on time even if nothing else wakes the worker.
      const untilBroadcasts = this.#broadcastsAt - performance.now()
      if (!this.#stopped) this.#timer = setTimeout(() => this.wake(), untilBroadcasts > 0 ? Math.min(this.#deps.pollMs, Math.ceil(untilBroadcasts)) : this.#deps.pollMs)
    }
  }

  /**
   * Sends what is due, the conversations' rows first, then a batch of broadcasts' rows unless they
   * wait their share (above); returns the larger of the two batches (BATCH: more may be due).
   */
  async drainOnce (): Promise<number> {
    const replies = await this.#drainLane('conversations')
    if (replies > 0) this.#repliedAt = performance.now()
    const started = performance.now()
    if (started < this.#broadcastsAt) return replies
    const broadcasts = await this.#drainLane('broadcasts')
    const ended = performance.now()
    if (broadcasts > 0 && ended - this.#repliedAt < CONVERSING_MS) this.#broadcastsAt = ended + (ended - started) * (1 - BROADCAST_SHARE) / BROADCAST_SHARE
    return Math.max(replies, broadcasts)
  }

  async #drainLane (lane: OutboxLane): Promise<number> {
    const { db } = this.#deps
    const now = this.#now()
    const claimed = await claimDueOutboxItems(db, { now, leaseUntil: new Date(now.getTime() + LEASE_MS), leaseId: randomUUID(), limit: BATCH, outcomeUnknown: OUTCOME_UNKNOWN, lane })
    if (!claimed.length) return 0
    const items = await loadDueItems(db, claimed)
    // Same address on another kind (SMS vs WhatsApp of one number) that sent STOP: a fallback must not reach it.
    const optedOut = await optedOutIdentitiesOf(db, [...new Set(items.map(i => i.citizenId))])
    // In order within a conversation (the assistant notice before the answer), in parallel across them.
    const waits = await this.#pace(items, now)
    const byConversation = new Map<string, DueItem[]>()
    for (const item of items) if (waits.get(item.id) !== DEFERRED) byConversation.set(item.conversationId, [...byConversation.get(item.conversationId) ?? [], item])
    // One conversation's items in order (the assistant notice before the answer), resolved once recorded.
    const sendInOrder = async (conversationItems: DueItem[]) => {
      const records: Promise<void>[] = []
      for (const item of conversationItems) {
        const outcome = await this.#deliver(item, optedOut, waits.get(item.id))
        if (outcome) records.push(this.#record(outcome))
      }
      await Promise.all(records)
    }
    const immediate: DueItem[][] = []
    for (const conversationItems of byConversation.values()) {
      if (!conversationItems.some(item => (waits.get(item.id) ?? 0) > 0)) { immediate.push(conversationItems); continue }
      const paced: Promise<void> = sendInOrder(conversationItems)
        .catch(error => this.#deps.log.error({ err: error }, 'outbox: paced send failed'))
        .finally(() => this.#paced.delete(paced))
      this.#paced.add(paced)
    }
    await Promise.all(immediate.map(sendInOrder))
    return claimed.length
  }

  /**
   * Broadcasts' sends keep each sender's pace (issue 20): a row whose slot comes within
   * MAX_PACE_WAIT_MS waits for it; later ones go back to the outbox at their slot, so a worker that
   * fell behind never holds a batch (and the citizens' replies behind it) for long.
   */
  async #pace (items: DueItem[], now: Date): Promise<Map<string, number>> {
    const waits = new Map<string, number>()
    const deferred: { id: string, at: number }[] = []
    const later = new Map<string, number>()
    for (const item of items) {
      if (!this.#deps.pace || !item.meta?.includes('"broadcastId"')) continue
      const rate = this.#deps.pace(item.channel, item.kind)
      if (!rate) continue
      const sender = `${item.channel}:${item.kind}`
      const slot = this.#pacer.take(sender, rate, now.getTime(), MAX_PACE_WAIT_MS)
      if ('waitMs' in slot) { waits.set(item.id, slot.waitMs); continue }
      const k = later.get(sender) ?? 0
      later.set(sender, k + 1)
      deferred.push({ id: item.id, at: slot.nextAt + Math.floor(k * 1000 / rate) })
      waits.set(item.id, DEFERRED)
    }
    if (deferred.length) await postponeOutboxItems(this.#deps.db, deferred.map(d => ({ id: d.id, at: new Date(d.at) })))
    return waits
  }

  /** Sends one item; returns what to record when it went out (failures are recorded at once). */
  async #deliver (item: DueItem, optedOut: OptedOut[], waitMs = 0): Promise<Sent | undefined> {
    const { channels, log } = this.#deps
    const meta = item.meta ? JSON.parse(item.meta) as Record<string, unknown> : {}
    if (item.optedOutAt && !meta.bypassOptOut) {
      await finishOutboxItem(this.#deps.db, { outboxId: item.id, messageId: item.messageId, status: 'cancelled', lastError: 'opted_out: the citizen sent STOP on this channel' })
      return undefined
    }
    const adapter = channels.get(item.channel)
    if (!adapter) {
      await this.#fail(item, new ChannelSendError(`channel ${item.channel} is off`, true))
      return undefined
    }
    try {
      if (waitMs > 0) {
        await new Promise(resolve => setTimeout(resolve, waitMs))
        // Its broadcast may have been cancelled while it waited for its slot: then it stays unsent.
        if (!await isStillPending(this.#deps.db, item.id)) return undefined
      }
      const message = this.#outboundMessage(item, optedOut, adapter)
      const found = message.outcomeUnknown && adapter.findSent
        ? await adapter.findSent(message).catch((error: Error) => {
          // Still unknown: keep saying so, so that the next attempt checks again.
          throw new ChannelSendError(`${OUTCOME_UNKNOWN}; the check failed: ${error.message}`, true, undefined, { cause: error })
        })
        : undefined
      if (found) log.info({ outboxId: item.id, channel: item.channel }, 'outbox: found sent before the stop, not sending again')
      const result = found ?? await adapter.send(message)
      const status = result.status === 'pending' ? 'pending' : result.status ?? 'sent'
      return { item, providerMessageId: result.providerMessageId, deliveryStatus: status === 'pending' ? 'sent' : status, meta: result.meta ? JSON.stringify({ ...meta, ...result.meta }) : undefined }
    } catch (error) {
      const sendError = error instanceof ChannelSendError ? error : new ChannelSendError(String((error as Error)?.message ?? error), true, undefined, { cause: error })
      log.warn({ outboxId: item.id, channel: item.channel, attempt: item.attempts + 1, err: sendError.message }, 'outbox: send failed')
      await this.#fail(item, sendError)
      return undefined
    }
  }

  /** Resolves once the send is recorded. */
  #record (sent: Sent): Promise<void> {
    this.#unrecorded.push(sent)
    this.#queuedRecord ??= this.#recordUnrecorded()
    return this.#queuedRecord
  }

  async #recordUnrecorded (): Promise<void> {
    let sent: Sent[] | undefined
    // Taken once: a group commit may run a piece again on its own.
    const record: Work<void> = tx => {
      if (!sent) { sent = this.#unrecorded; this.#unrecorded = []; this.#queuedRecord = undefined }
      return recordSent(tx, sent.map(s => ({ outboxId: s.item.id, messageId: s.item.messageId, providerMessageId: s.providerMessageId, deliveryStatus: s.deliveryStatus, meta: s.meta })), this.#now())
    }
    if (this.#deps.commit) await this.#deps.commit.run(record)
    else { await new Promise(resolve => setImmediate(resolve)); await inTransaction(this.#deps.db, record) }
    if (!sent) return
    for (const conversationId of new Set(sent.map(s => s.item.conversationId))) this.#deps.live.emit('conversation', { conversationId, reason: 'delivery' })
  }

  #outboundMessage (item: DueItem, optedOut: OptedOut[], adapter: ChannelAdapter): OutboundMessage {
    const optedOutSiblings = optedOut.filter(o => o.citizenId === item.citizenId && o.value === item.value && o.kind !== item.kind)
    return {
      outboxId: item.id,
      messageId: item.messageId,
      conversationId: item.conversationId,
      to: { kind: item.kind as OutboundMessage['to']['kind'], value: item.value },
      text: item.text,
      ...(item.lastError?.startsWith(OUTCOME_UNKNOWN) ? { outcomeUnknown: true } : {}),
      author: item.author as OutboundMessage['author'],
      createdAt: item.createdAt,
      lang: (item.lang ?? item.conversationLang) === 'en' ? 'en' : 'fr',
      replyReference: adapter.replyReferenceScope === 'address'
        ? (item.replyContext ? JSON.parse(item.replyContext) : undefined)
        : unwrapReplyReference(item.replyReference, item.channel),
      lastInboundAt: item.lastInboundAt ?? undefined,
      ...(optedOutSiblings.length ? { optedOutKinds: optedOutSiblings.map(s => s.kind as IdentityKind) } : {}),
      ticketReference: item.ticketReference ?? undefined,
      subject: item.subject ?? undefined,
      ...bulkOf(item.meta),
    }
  }

  async #fail (item: { id: string, attempts: number, messageId: number, conversationId: string }, error: ChannelSendError): Promise<void> {
    const { db, policy } = this.#deps
    const attempts = item.attempts + 1
    const lastError = error.message.slice(0, 500)
    if (shouldGiveUp(policy, attempts, error.retryable)) {
      await finishOutboxItem(db, { outboxId: item.id, messageId: item.messageId, status: 'failed', lastError, attempts })
      await flagSendFailed(db, item.conversationId, this.#now())
      this.#deps.live.emit('conversation', { conversationId: item.conversationId, reason: 'send_failed' })
      return
    }
    const delay = retryDelayMs(policy, attempts, Math.random, error.retryAfterMs)
    await scheduleRetry(db, { outboxId: item.id, attempts, lastError, nextAttemptAt: new Date(this.#now().getTime() + delay) })
  }

  #now (): Date {
    return this.#deps.now ? this.#deps.now() : new Date()
  }
}


/** A broadcast's row carries its email subject and unsubscribe link in the message's meta (issue 20). */
function bulkOf (meta: string | null): Pick<OutboundMessage, 'bulk'> {
  if (!meta || !meta.includes('"bulkSubject"')) return {}
  const parsed = JSON.parse(meta) as { bulkSubject?: unknown, unsubscribeUrl?: unknown }
  if (typeof parsed.bulkSubject !== 'string') return {}
  return { bulk: { subject: parsed.bulkSubject, ...(typeof parsed.unsubscribeUrl === 'string' ? { unsubscribeUrl: parsed.unsubscribeUrl } : {}) } }
}

/** At most `rate` sends per second per sender, in this process. */
class SendPacer {
  readonly #next = new Map<string, number>()

  /** Takes the sender's next slot if it comes within maxWaitMs; otherwise says when it comes, without taking it. */
  take (sender: string, rate: number, now: number, maxWaitMs: number): { waitMs: number } | { nextAt: number } {
    const at = Math.max(now, this.#next.get(sender) ?? 0)
    if (at - now > maxWaitMs) return { nextAt: at }
    this.#next.set(sender, at + 1000 / rate)
    return { waitMs: at - now }
  }
}
