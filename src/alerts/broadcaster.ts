// Broadcasts (issue 20): preview, create, plan into the outbox, cancel, report progress.
//
// Planning writes one Message + OutboxItem per recipient through the existing outbox, in chunks
// of CHUNK recipients, each chunk its own short transaction, yielding between chunks: the SQLite
// writer is never held for long, so conversations keep flowing during a 50,000-recipient plan.
// Pace is planned, not throttled: each sender's rows get send times PACE apart
// (BROADCAST_TWILIO_MPS…), so the outbox worker, which sends what is due, keeps the pace even
// across restarts and instances. Quiet hours move SMS/WhatsApp rows to the morning unless urgent.
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client.ts'
import { orderedId } from '../db/ordered-id.ts'
import { insertRows } from '../db/bulk-write.ts'
import { asDate, sqlOf, transaction, type Sql } from '../db/sql.ts'
import type { ChannelAdapter } from '../core/channel.ts'
import { enqueueOutboundMany, type EnqueueInput } from '../db/outbox.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { readSubscribers, selectAudience, type Audience, type Recipient, type RecipientChannel } from './audience.ts'
import { broadcastText, bulkSubject } from './broadcast-text.ts'
import { unsubscribeSecret, unsubscribeToken } from './unsubscribe-token.ts'
import { DEFAULT_ALERT_HOURS } from './current-alerts.ts'

// Recipients written per transaction: on SQLite tens of milliseconds of the one writer (and of the
// event loop: its writes are synchronous); PostgreSQL pays a round trip per statement, so larger.
const CHUNK = { sqlite: 1_000, postgresql: 2_500 } as const

export type BroadcastInput = {
  kind: 'alert' | 'consultation'
  topic: string
  text: { fr: string, en: string }
  urgent: boolean
  sendAt?: Date
  endsAt?: Date
  zone?: string
  consultationId?: string
  createdById?: string
}

export type BroadcastSummary = { id?: string, recipients: Record<string, number>, excluded: Record<string, number>, held: Record<string, number> }

export type BroadcasterDeps = {
  db: Db
  config: Pick<Config, 'timeZone' | 'quietHours' | 'broadcastPace' | 'publicUrl' | 'townName'> & { alertsSecret?: string }
  channels: ReadonlyMap<string, ChannelAdapter>
  /** Something was enqueued: the outbox worker drains now. */
  wake: () => void
  log: FastifyBaseLogger
  now?: () => Date
}

export class Broadcaster {
  readonly #deps: BroadcasterDeps
  readonly #running = new Set<Promise<void>>()
  readonly #cancelled = new Set<string>()

  constructor (deps: BroadcasterDeps) {
    this.#deps = deps
  }

  #now (): Date { return this.#deps.now?.() ?? new Date() }

  async preview (input: BroadcastInput): Promise<BroadcastSummary> {
    const audience = await this.#audience(input)
    return { recipients: audience.counts, excluded: audience.excluded, held: audience.held }
  }

  /** Records the broadcast with its preview figures and plans it in the background. */
  async create (input: BroadcastInput): Promise<BroadcastSummary & { id: string }> {
    const now = this.#now()
    const audience = await this.#audience(input)
    const sendAt = input.sendAt && input.sendAt > now ? input.sendAt : now
    const endsAt = input.endsAt ?? (input.kind === 'alert' ? new Date(sendAt.getTime() + DEFAULT_ALERT_HOURS * 3_600_000) : undefined)
    const row = await this.#deps.db.broadcast.create({
      data: {
        kind: input.kind, topic: input.topic, textFr: input.text.fr, textEn: input.text.en, zone: input.zone ?? null, urgent: input.urgent,
        sendAt, endsAt: endsAt ?? null, consultationId: input.consultationId ?? null, createdById: input.createdById ?? null,
        recipients: JSON.stringify(audience.counts), excluded: JSON.stringify(audience.excluded), held: JSON.stringify(audience.held), createdAt: now,
      },
    })
    this.#track(this.#plan(row.id, audience.recipients))
    return { id: row.id, recipients: audience.counts, excluded: audience.excluded, held: audience.held }
  }

  /** Plans again what a stop interrupted (broadcasts left in 'planning'), skipping who already has their row. */
  async resume (): Promise<void> {
    const left = await this.#deps.db.broadcast.findMany({ where: { status: 'planning' } })
    for (const b of left) {
      const audience = await this.#audience({ kind: b.kind as BroadcastInput['kind'], topic: b.topic, text: { fr: b.textFr, en: b.textEn }, urgent: b.urgent, sendAt: b.sendAt, zone: b.zone ?? undefined })
      this.#track(this.#plan(b.id, audience.recipients))
    }
  }

  /** Stops what has not left yet; rows already handed to a provider finish their send. */
  async cancel (id: string): Promise<{ cancelled: number }> {
    const { db } = this.#deps
    const broadcast = await db.broadcast.findUnique({ where: { id } })
    if (!broadcast) throw new AppError('not_found', 'No such broadcast')
    if (broadcast.status === 'cancelled') return { cancelled: 0 }
    if (broadcast.status === 'done') throw new AppError('conflict', 'This broadcast has already gone out')
    const now = this.#now()
    this.#cancelled.add(id)
    await db.broadcast.update({ where: { id }, data: { status: 'cancelled', cancelledAt: now } })
    // Leased rows (lockedUntil in the future) are being sent right now: they are left to finish.
    const cancelled = await transaction(db, async tx => {
      await tx.run(`UPDATE "Message" SET "deliveryStatus" = 'failed', "deliveryError" = 'broadcast_cancelled' WHERE "id" IN (SELECT "messageId" FROM "OutboxItem" WHERE "broadcastId" = ? AND "status" = 'pending' AND ("lockedUntil" IS NULL OR "lockedUntil" < ?))`, [id, now])
      return tx.run(`UPDATE "OutboxItem" SET "status" = 'cancelled', "lastError" = 'broadcast_cancelled' WHERE "broadcastId" = ? AND "status" = 'pending' AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)`, [id, now])
    })
    return { cancelled }
  }

  /** Waits for the plans running in this process (tests, shutdown). */
  async idle (): Promise<void> {
    while (this.#running.size) await Promise.all([...this.#running])
  }

  #track (work: Promise<void>): void {
    const tracked = work.catch(err => this.#deps.log.error({ err }, 'broadcast: planning failed')).finally(() => this.#running.delete(tracked))
    this.#running.add(tracked)
  }

  async #audience (input: BroadcastInput): Promise<Audience> {
    const { db, config, channels } = this.#deps
    const topic = await db.alertTopic.findUnique({ where: { code: input.topic } })
    if (!topic) throw new AppError('validation_failed', `Unknown alert topic "${input.topic}"`)
    const now = this.#now()
    const subscribers = await readSubscribers(sqlOf(db), input.topic)
    return selectAudience(subscribers, {
      urgent: input.urgent,
      sendAt: input.sendAt && input.sendAt > now ? input.sendAt : now,
      timeZone: config.timeZone,
      quietHours: config.quietHours,
      reaches: (channel, to, lastInboundAt, at) => {
        const adapter = channels.get(channel)
        if (!adapter) return 'channel_off'
        return adapter.reaches ? adapter.reaches(to, lastInboundAt, at) : true
      },
    }, input.zone)
  }

  async #plan (broadcastId: string, recipients: Recipient[]): Promise<void> {
    const { db, config } = this.#deps
    const broadcast = await db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })
    const topic = await db.alertTopic.findUniqueOrThrow({ where: { code: broadcast.topic } })
    const topicName = { fr: topic.nameFr, en: topic.nameEn }
    const secret = await unsubscribeSecret(db, config.alertsSecret)
    const sql = sqlOf(db)
    const done = await alreadyPlanned(sql, broadcastId)
    const todo = recipients.filter(r => !done.has(r.identityId))
    // Read once, outside any transaction: the recipients' existing conversations.
    const existing = await existingConversations(sql, broadcast.topic)
    const pace = new Pacer(config.broadcastPace)
    const kind = broadcast.kind as BroadcastInput['kind']
    const text = { fr: broadcast.textFr, en: broadcast.textEn }
    let planned = done.size
    const CHUNK_SIZE = CHUNK[sql.provider]
    for (let i = 0; i < todo.length; i += CHUNK_SIZE) {
      // A cancel stops the plan between chunks.
      if (this.#cancelled.has(broadcastId) || (i && i % (CHUNK_SIZE * 10) === 0 && (await db.broadcast.findUnique({ where: { id: broadcastId }, select: { status: true } }))?.status === 'cancelled')) return
      const chunkStarted = performance.now()
      const now = this.#now()
      const chunk = todo.slice(i, i + CHUNK_SIZE)
      // Everything but the writes is prepared before the transaction: the writer is held only to write.
      const created = newConversations(chunk.filter(r => !existing.has(r.identityId)), now)
      for (const c of created) existing.set(c.identityId, c.id)
      const inputs: EnqueueInput[] = chunk.map(r => {
        const unsubscribeUrl = r.key === 'email' ? `${config.publicUrl}/alerts/unsubscribe?t=${unsubscribeToken(secret, r.identityId, broadcast.topic)}` : undefined
        const base = r.heldUntil ?? (broadcast.sendAt > now ? broadcast.sendAt : now)
        return {
          conversationId: existing.get(r.identityId)!,
          citizenId: r.citizenId,
          channel: r.channel,
          text: broadcastText({ text, topicName, kind }, r.lang, r.key, unsubscribeUrl),
          author: 'bot',
          lang: r.lang,
          notBefore: pace.next(r.key, base),
          heldReason: r.heldUntil ? 'quiet_hours' : 'broadcast_pace',
          broadcastId,
          meta: {
            broadcastId, topic: broadcast.topic,
            ...(broadcast.consultationId ? { consultationId: broadcast.consultationId } : {}),
            ...(unsubscribeUrl ? { bulkSubject: bulkSubject(kind, topicName, config.townName, r.lang), unsubscribeUrl } : {}),
          },
          now,
        }
      })
      await transaction(db, async tx => {
        if (created.length) {
          await insertRows(tx, 'Conversation', created)
          await insertRows(tx, 'ConversationEvent', created.map(c => ({ id: orderedId(), conversationId: c.id, type: 'opened', agentId: null, detail: 'broadcast', createdAt: now })))
        }
        await enqueueOutboundMany(tx, inputs)
      })
      planned += chunk.length
      if ((i / CHUNK_SIZE) % 5 === 4) await db.broadcast.update({ where: { id: broadcastId }, data: { planned } })
      this.#deps.wake()
      // Let waiting conversations have the writer between two chunks.
      // Let conversations have the writer and the event loop between two chunks. SQLite writes are
      // synchronous: pause as long as the chunk took, so a plan never takes more than half of the
      // process. PostgreSQL works in its own process: a turn of the event loop is enough.
      await new Promise(resolve => setTimeout(resolve, sql.provider === 'sqlite' ? Math.max(2, performance.now() - chunkStarted) : 0))
    }
    await db.broadcast.updateMany({ where: { id: broadcastId, status: 'planning' }, data: { status: 'sending', planned } })
    this.#deps.wake()
  }
}

type Rates = { twilio: number, email: number, chat: number }

/** Messages per second for one sender: a Twilio number, the SMTP relay, a chat channel. */
export function broadcastRate (rates: Rates, channel: string, _kind?: string): number {
  return channel === 'twilio' ? rates.twilio : channel === 'email' ? rates.email : rates.chat
}

const CHANNEL_OF_KEY: Record<RecipientChannel, string> = { sms: 'twilio', whatsapp: 'twilio', email: 'email', webchat: 'webchat', botframework: 'botframework' }

/** Send times per sender: the k-th message of a sender leaves k / rate seconds after its base time. */
class Pacer {
  readonly #next = new Map<string, number>()
  constructor (readonly rates: Rates) {}

  next (key: RecipientChannel, base: Date): Date {
    const rate = broadcastRate(this.rates, CHANNEL_OF_KEY[key])
    const slot = `${key}|${base.getTime()}`
    const count = this.#next.get(slot) ?? 0
    this.#next.set(slot, count + 1)
    return new Date(base.getTime() + Math.floor(count * 1000 / rate))
  }
}

async function alreadyPlanned (sql: Sql, broadcastId: string): Promise<Set<string>> {
  const rows = await sql.all<{ identityId: string }>(
    `SELECT c."identityId" FROM "OutboxItem" o JOIN "Message" m ON m."id" = o."messageId" JOIN "Conversation" c ON c."id" = m."conversationId" WHERE o."broadcastId" = ?`, [broadcastId])
  return new Set(rows.map(r => r.identityId))
}

/**
 * Each recipient's conversation on its identity: the open one, else the latest (one query for the
 * whole topic); else a new one, written closed so that 50,000 broadcast-only conversations do not
 * fill the agents' inbox (a reply opens a conversation the usual way).
 */
async function existingConversations (sql: Sql, topic: string): Promise<Map<string, string>> {
  const best = new Map<string, { id: string, open: boolean, at: number }>()
  // In pages on SQLite, for the same reason as readSubscribers.
  const page = sql.provider === 'sqlite' ? 5_000 : 1_000_000_000
  for (let after = ''; ;) {
    const rows = await sql.all<{ id: string, identityId: string, status: string, lastMessageAt: unknown }>(
      `SELECT c."id", c."identityId", c."status", c."lastMessageAt" FROM "Conversation" c JOIN "AlertSubscription" s ON s."identityId" = c."identityId"
       WHERE s."topic" = ? AND c."id" > ? ORDER BY c."id" LIMIT ${page}`, [topic, after])
    for (const row of rows) {
      const candidate = { id: row.id, open: row.status === 'open', at: asDate(row.lastMessageAt).getTime() }
      const current = best.get(row.identityId)
      if (!current || (candidate.open && !current.open) || (candidate.open === current.open && candidate.at > current.at)) best.set(row.identityId, candidate)
    }
    if (rows.length < page) break
    after = rows[rows.length - 1].id
    await new Promise(resolve => setTimeout(resolve, 1))
  }
  return new Map([...best].map(([identityId, c]) => [identityId, c.id]))
}

function newConversations (recipients: Recipient[], now: Date) {
  return recipients.map(r => ({
    id: orderedId(), citizenId: r.citizenId, channel: r.channel, identityId: r.identityId, holder: 'bot', status: 'closed', needsHuman: false,
    lang: r.lang, misunderstandings: 0, lastMessageAt: now, createdAt: now, updatedAt: now,
  }))
}
