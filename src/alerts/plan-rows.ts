// What planning a broadcast writes (issue 20), shared by the two planners: the one in the app's
// process (PostgreSQL) and the one in a worker thread with its own SQLite connection
// (plan-thread.ts). Pure but for the reads at the bottom, which take any Sql.
import { orderedId } from '../db/ordered-id.ts'
import { insertRows } from '../db/bulk-write.ts'
import { enqueueOutboundMany, type EnqueueInput } from '../db/outbox.ts'
import { asDate, type Sql } from '../db/sql.ts'
import type { Recipient, RecipientChannel } from './audience.ts'
import { broadcastText, bulkSubject, type TopicNames } from './broadcast-text.ts'
import { unsubscribeToken } from './unsubscribe-token.ts'

export type Rates = { twilio: number, email: number, chat: number }

/** Everything about the broadcast that its rows need; plain data, so it can cross to a worker. */
export type PlanContext = {
  broadcastId: string
  kind: 'alert' | 'consultation'
  topic: string
  text: { fr: string, en: string }
  topicName: TopicNames
  sendAt: Date
  consultationId: string | null
  secret: string
  publicUrl: string
  townName: string
  rates: Rates
  /** The lease this plan holds (Broadcast.plannerId), renewed with every chunk for leaseMs. */
  plannerId: string
  leaseMs: number
}

/** The part of a recipient a row needs (what crosses to the worker). */
export type PlannedRecipient = Pick<Recipient, 'identityId' | 'citizenId' | 'channel' | 'key' | 'lang' | 'heldUntil'>

/** Messages per second for one sender: a Twilio number, the SMTP relay, a chat channel. */
export function broadcastRate (rates: Rates, channel: string, _kind?: string): number {
  return channel === 'twilio' ? rates.twilio : channel === 'email' ? rates.email : rates.chat
}

const CHANNEL_OF_KEY: Record<RecipientChannel, string> = { sms: 'twilio', whatsapp: 'twilio', email: 'email', webchat: 'webchat', botframework: 'botframework' }

/**
 * Send times per sender: each sender's messages leave 1 / rate seconds apart, from the base time
 * (now, the broadcast's sendAt, or the morning after quiet hours) or after that sender's previous
 * message, whichever is later. One pacer serves a whole plan, so the pace holds across its chunks
 * (each chunk has a later `now`): rows become due at the pace, and the outbox worker finds only
 * what it may send, instead of a backlog it would claim and put back again and again.
 */
export class Pacer {
  readonly #next = new Map<RecipientChannel, number>()
  constructor (readonly rates: Rates) {}

  next (key: RecipientChannel, base: Date): Date {
    const rate = broadcastRate(this.rates, CHANNEL_OF_KEY[key])
    const at = Math.max(base.getTime(), this.#next.get(key) ?? 0)
    this.#next.set(key, at + 1000 / rate)
    return new Date(Math.floor(at))
  }
}

export type ChunkRows = { conversations: ReturnType<typeof newConversations>, inputs: EnqueueInput[] }

/**
 * One chunk's rows: a conversation for each recipient who has none yet (recorded in `existing`),
 * and one outbox message each, timed by the pacer.
 */
export function chunkRows (ctx: PlanContext, chunk: PlannedRecipient[], existing: Map<string, string>, pace: Pacer, now: Date): ChunkRows {
  const conversations = newConversations(chunk.filter(r => !existing.has(r.identityId)), now)
  for (const c of conversations) existing.set(c.identityId, c.id)
  const inputs: EnqueueInput[] = chunk.map(r => {
    const unsubscribeUrl = r.key === 'email' ? `${ctx.publicUrl}/alerts/unsubscribe?t=${unsubscribeToken(ctx.secret, r.identityId, ctx.topic)}` : undefined
    const base = r.heldUntil ?? (ctx.sendAt > now ? ctx.sendAt : now)
    return {
      conversationId: existing.get(r.identityId)!,
      citizenId: r.citizenId,
      channel: r.channel,
      text: broadcastText(ctx, r.lang, r.key, unsubscribeUrl),
      author: 'bot',
      lang: r.lang,
      notBefore: pace.next(r.key, base),
      heldReason: r.heldUntil ? 'quiet_hours' : 'broadcast_pace',
      broadcastId: ctx.broadcastId,
      meta: {
        broadcastId: ctx.broadcastId, topic: ctx.topic,
        ...(ctx.consultationId ? { consultationId: ctx.consultationId } : {}),
        ...(unsubscribeUrl ? { bulkSubject: bulkSubject(ctx.kind, ctx.topicName, ctx.townName, r.lang), unsubscribeUrl } : {}),
      },
      now,
    }
  })
  return { conversations, inputs }
}

/**
 * Writes one chunk's rows, in the caller's transaction, with the plan's progress and lease: when
 * the lease is no longer this plan's (another instance took over a plan it thought dead), nothing
 * is written and it says so, so no recipient gets a broadcast twice.
 */
export async function writeChunk (sql: Sql, ctx: PlanContext, rows: ChunkRows, now: Date): Promise<boolean> {
  const held = await sql.run(`UPDATE "Broadcast" SET "planned" = "planned" + ?, "plannerUntil" = ? WHERE "id" = ? AND "plannerId" = ?`,
    [rows.inputs.length, new Date(now.getTime() + ctx.leaseMs), ctx.broadcastId, ctx.plannerId])
  if (!held) return false
  if (rows.conversations.length) {
    await insertRows(sql, 'Conversation', rows.conversations)
    await insertRows(sql, 'ConversationEvent', rows.conversations.map(c => ({ id: orderedId(), conversationId: c.id, type: 'opened', agentId: null, detail: 'broadcast', createdAt: now })))
  }
  await enqueueOutboundMany(sql, rows.inputs)
  return true
}

/** Identities that already have their row: a resumed plan skips them. */
export async function alreadyPlanned (sql: Sql, broadcastId: string): Promise<Set<string>> {
  const rows = await sql.all<{ identityId: string }>(
    `SELECT c."identityId" FROM "OutboxItem" o JOIN "Message" m ON m."id" = o."messageId" JOIN "Conversation" c ON c."id" = m."conversationId" WHERE o."broadcastId" = ?`, [broadcastId])
  return new Set(rows.map(r => r.identityId))
}

/**
 * Each recipient's conversation on its identity: the open one, else the latest (one query for the
 * whole topic); else a new one, written closed so that 50,000 broadcast-only conversations do not
 * fill the agents' inbox (a reply opens a conversation the usual way).
 */
export async function existingConversations (sql: Sql, topic: string, page = sql.provider === 'sqlite' ? 5_000 : 1_000_000_000): Promise<Map<string, string>> {
  const best = new Map<string, { id: string, open: boolean, at: number }>()
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
    // Between pages, on the app's own SQLite connection, conversations get the event loop.
    await new Promise(resolve => setTimeout(resolve, 1))
  }
  return new Map([...best].map(([identityId, c]) => [identityId, c.id]))
}

function newConversations (recipients: PlannedRecipient[], now: Date) {
  return recipients.map(r => ({
    id: orderedId(), citizenId: r.citizenId, channel: r.channel, identityId: r.identityId, holder: 'bot', status: 'closed', needsHuman: false,
    lang: r.lang, misunderstandings: 0, lastMessageAt: now, createdAt: now, updatedAt: now,
  }))
}
