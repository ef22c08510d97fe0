// What planning a broadcast writes (issue 20), shared by the two planners: the one in the app's
// process (PostgreSQL) and the one in a worker thread with its own SQLite connection
// (plan-thread.ts). Pure: src/db/broadcasts.ts writes what it builds.
import { orderedId } from '../db/ordered-id.ts'
import type { EnqueueInput } from '../db/outbox.ts'
import type { NewBroadcastConversation } from '../db/broadcasts.ts'
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

export type ChunkRows = { conversations: NewBroadcastConversation[], inputs: EnqueueInput[] }

/**
 * One chunk's rows: a conversation for each recipient who has none yet (recorded in `existing`),
 * and one outbox message each, timed by the pacer.
 */
export function chunkRows (ctx: PlanContext, chunk: PlannedRecipient[], existing: Map<string, string>, pace: Pacer, now: Date): ChunkRows {
  const conversations = chunk.filter(r => !existing.has(r.identityId)).map(r => ({ id: orderedId(), citizenId: r.citizenId, channel: r.channel, identityId: r.identityId, lang: r.lang }))
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
