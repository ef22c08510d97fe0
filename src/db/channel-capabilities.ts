// The database side of what the core gives channel adapters (ChannelContext and its capabilities
// in src/core/channel.ts): a channel's small lasting state, the web chat's session identities and
// history, email's thread lookup. Plain data in and out; the core decides who gets what.
import { timingSafeEqual } from 'node:crypto'
import type { Db } from './client.ts'
import { toPublicMessage, type PublicMessage } from '../live/live-bus.ts'

type Address = { kind: string, value: string }
const byAddress = (address: Address) => ({ kind_value: { kind: address.kind, value: address.value } })

/** Small state of one channel that must survive restarts (IMAP cursor, Slack threads…), JSON per key. */
export function channelState (db: Db, channel: string) {
  return {
    async get (key: string): Promise<unknown> {
      const row = await db.channelState.findUnique({ where: { key: `${channel}:${key}` } })
      return row ? JSON.parse(row.value) : undefined
    },
    async set (key: string, value: unknown): Promise<void> {
      const k = `${channel}:${key}`
      await db.channelState.upsert({ where: { key: k }, create: { key: k, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } })
    },
  }
}

/** Identities a channel creates itself with a secret: a new citizen each (the web chat session and its token hash). */
export function sessionIdentities (db: Db) {
  return {
    async register (address: Address, secretHash: string): Promise<void> {
      await db.$transaction(async tx => {
        const citizen = await tx.citizen.create({ data: {} })
        await tx.identity.create({ data: { kind: address.kind, value: address.value, citizenId: citizen.id, secretHash } })
      })
    },
    async check (address: Address, secretHash: string): Promise<'ok' | 'unknown' | 'mismatch'> {
      const identity = await db.identity.findUnique({ where: byAddress(address), select: { secretHash: true } })
      if (!identity?.secretHash) return 'unknown'
      return safeEqual(identity.secretHash, secretHash) ? 'ok' : 'mismatch'
    },
  }
}

/** What an identity's citizen can read back: messages of this identity's conversations, never internal notes. */
export async function publicHistory (db: Db, address: Address, afterMessageId: number, limit: number): Promise<PublicMessage[]> {
  const identity = await db.identity.findUnique({ where: byAddress(address), select: { id: true } })
  if (!identity) return []
  const rows = await db.message.findMany({
    // A send cancelled because the citizen sent STOP is not shown either: they get nothing there.
    where: { conversation: { identityId: identity.id }, direction: { in: ['inbound', 'outbound'] }, id: { gt: afterMessageId }, NOT: { outbox: { is: { status: 'cancelled' } } } },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, direction: true, author: true, text: true, createdAt: true },
  })
  return rows.map(toPublicMessage)
}

/** Which conversation of this sender a message continues, from the ids it refers to or a ticket reference (email threading). */
export function threadLookup (db: Db, channel: string) {
  return {
    async byProviderIds (ids: string[], address: Address): Promise<string | undefined> {
      if (!ids.length) return undefined
      const identity = await db.identity.findUnique({ where: byAddress(address) })
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
    async byTicketReference (reference: string, address: Address): Promise<string | undefined> {
      const identity = await db.identity.findUnique({ where: byAddress(address) })
      if (!identity) return undefined
      const ticket = await db.ticket.findUnique({ where: { reference }, select: { citizenId: true, conversationId: true } })
      return ticket && ticket.citizenId === identity.citizenId ? ticket.conversationId ?? undefined : undefined
    },
  }
}

function safeEqual (a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
