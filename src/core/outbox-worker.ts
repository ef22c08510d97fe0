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
import { bulkUpdate } from '../db/bulk-write.ts'
import { asDate, asDateOrNull, placeholders, sqlOf, transaction } from '../db/sql.ts'
import type { GroupCommit, Work } from '../db/group-commit.ts'

const BATCH = 500
const LEASE_MS = 60_000
const MAX_PACE_WAIT_MS = 1_000
const DEFERRED = -1

// Everything a send needs, for the whole batch in one query: the row, its message, the
// conversation's identity, its latest ticket (found through an index) and both places a
// channel's reply reference may be kept (ChannelAdapter.replyReferenceScope).
const DELIVERY_COLUMNS = `o."id", o."messageId", o."channel", o."attempts", o."lastError",
  m."conversationId", m."text", m."author", m."lang", m."meta", m."createdAt",
  c."lang" AS "conversationLang", c."subject", c."replyReference",
  i."kind", i."value", i."citizenId", i."replyContext", i."lastInboundAt", i."optedOutAt",
  (SELECT t."reference" FROM "Ticket" t WHERE t."conversationId" = c."id" ORDER BY t."createdAt" DESC LIMIT 1) AS "ticketReference"`
const DELIVERY_FROM = `"OutboxItem" o JOIN "Message" m ON m."id" = o."messageId" JOIN "Conversation" c ON c."id" = m."conversationId" JOIN "Identity" i ON i."id" = c."identityId"`
// Due: pending, its time has come, and nobody holds a live lease on it.
const DUE = `"status" = 'pending' AND "nextAttemptAt" <= ? AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)`
// A row claimed again while it still carries a lease: the attempt under that lease neither
// succeeded nor failed on record, its process stopped during the send (issue 19). Said in
// lastError, which the attempt's own outcome then replaces.
export const OUTCOME_UNKNOWN = 'outcome_unknown: the process stopped during a send'

type DueItem = {
  id: string, messageId: number, channel: string, attempts: number, lastError: string | null,
  conversationId: string, text: string, author: string, lang: string | null, meta: string | null, createdAt: unknown,
  conversationLang: string | null, subject: string | null, replyReference: string | null,
  kind: string, value: string, citizenId: string, replyContext: string | null, lastInboundAt: unknown, optedOutAt: unknown,
  ticketReference: string | null,
}
type OptedOut = { citizenId: string, kind: string, value: string }
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
    const sql = sqlOf(this.#deps.db)
    const now = this.#now()
    // One UPDATE claims the batch and says which rows it won (the same on SQLite and PostgreSQL,
    // and safe with several instances: the outer condition is checked again on each row).
    const claimed = await sql.all<{ id: string }>(
      `UPDATE "OutboxItem" SET "lockedUntil" = ?, "leaseId" = ?, "lastError" = CASE WHEN "leaseId" IS NULL THEN "lastError" ELSE ? END WHERE ${DUE} AND "id" IN (SELECT "id" FROM "OutboxItem" WHERE ${DUE} ORDER BY "nextAttemptAt", "messageId" LIMIT ${BATCH}) RETURNING "id"`,
      [new Date(now.getTime() + LEASE_MS), randomUUID(), OUTCOME_UNKNOWN, now, now, now, now])
    if (!claimed.length) return 0
    const items = await sql.all<DueItem>(`SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE o."id" IN ${placeholders(claimed.length)} ORDER BY o."messageId"`, claimed.map(c => c.id))
    // Same address on another kind (SMS vs WhatsApp of one number) that sent STOP: a fallback must not reach it.
    const citizenIds = [...new Set(items.map(i => i.citizenId))]
    const optedOut = citizenIds.length
      ? await sql.all<OptedOut>(`SELECT "citizenId", "kind", "value" FROM "Identity" WHERE "citizenId" IN ${placeholders(citizenIds.length)} AND "optedOutAt" IS NOT NULL`, citizenIds)
      : []
    // In order within a conversation (the assistant notice before the answer), in parallel across them.
    const waits = await this.#pace(items, now)
    const byConversation = new Map<string, DueItem[]>()
    for (const item of items) if (waits.get(item.id) !== DEFERRED) byConversation.set(item.conversationId, [...byConversation.get(item.conversationId) ?? [], item])
    const sent: Sent[] = []
    await Promise.all([...byConversation.values()].map(async conversationItems => {
      for (const item of conversationItems) {
        const outcome = await this.#deliver(item, optedOut, waits.get(item.id))
        if (outcome) sent.push(outcome)
      }
    }))
    await this.#recordSent(sent)
    return claimed.length
  }

  /** Sends one item; returns what to record when it went out (failures are recorded at once). */
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
    if (deferred.length) {
      await bulkUpdate(sqlOf(this.#deps.db), 'OutboxItem', { nextAttemptAt: 'timestamp', lockedUntil: 'timestamp', leaseId: 'text' },
        deferred.map(d => ({ id: d.id, values: { nextAttemptAt: new Date(d.at), lockedUntil: null, leaseId: null } })))
    }
    return waits
  }

  async #deliver (item: DueItem, optedOut: OptedOut[], waitMs = 0): Promise<Sent | undefined> {
    const { channels, log } = this.#deps
    const meta = item.meta ? JSON.parse(item.meta) as Record<string, unknown> : {}
    if (item.optedOutAt && !meta.bypassOptOut) {
      await this.#finish(item.id, item.messageId, 'cancelled', 'failed', 'opted_out: the citizen sent STOP on this channel')
      return undefined
    }
    const adapter = channels.get(item.channel)
    if (!adapter) {
      await this.#fail(item, new ChannelSendError(`channel ${item.channel} is off`, true))
      return undefined
    }
    try {
      if (waitMs > 0) await new Promise(resolve => setTimeout(resolve, waitMs))
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

  /** One transaction for the batch's successful sends. */
  async #recordSent (sent: Sent[]): Promise<void> {
    if (!sent.length) return
    const now = this.#now()
    const record: Work<void> = async sql => {
      await sql.run(
        `UPDATE "OutboxItem" SET "status" = 'sent', "attempts" = "attempts" + 1, "sentAt" = ?, "lockedUntil" = NULL, "leaseId" = NULL, "lastError" = NULL, "heldReason" = NULL WHERE "id" IN ${placeholders(sent.length)}`,
        [now, ...sent.map(s => s.item.id)])
      await bulkUpdate(sql, 'Message', { providerMessageId: 'text', deliveryStatus: 'text', deliveryError: 'text' },
        sent.map(s => ({ id: s.item.messageId, values: { providerMessageId: s.providerMessageId, deliveryStatus: s.deliveryStatus, deliveryError: null } })))
      const withMeta = sent.filter(s => s.meta)
      await bulkUpdate(sql, 'Message', { meta: 'text' }, withMeta.map(s => ({ id: s.item.messageId, values: { meta: s.meta! } })))
    }
    await (this.#deps.commit ? this.#deps.commit.run(record) : transaction(this.#deps.db, record))
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
      createdAt: asDate(item.createdAt),
      lang: (item.lang ?? item.conversationLang) === 'en' ? 'en' : 'fr',
      replyReference: adapter.replyReferenceScope === 'address'
        ? (item.replyContext ? JSON.parse(item.replyContext) : undefined)
        : unwrapReplyReference(item.replyReference, item.channel),
      lastInboundAt: asDateOrNull(item.lastInboundAt) ?? undefined,
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
      await this.#finish(item.id, item.messageId, 'failed', 'failed', lastError, attempts)
      const now = this.#now()
      await db.conversation.update({
        where: { id: item.conversationId },
        data: { needsHuman: true, needsHumanReason: 'send_failed', needsHumanSince: now },
      })
      this.#deps.live.emit('conversation', { conversationId: item.conversationId, reason: 'send_failed' })
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
