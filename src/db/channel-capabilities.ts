// The database side of what the core gives channel adapters (ChannelContext and its capabilities
// in src/core/channel.ts): a channel's small lasting state, the web chat's session identities and
// history, email's thread lookup. Assembled from the repositories (identities, messages,
// conversations, channel state); plain data in and out; the core decides who gets what.
import { timingSafeEqual } from 'node:crypto'
import type { Db } from './client.ts'
import { toPublicMessage, type PublicMessage } from '../live/live-bus.ts'
import { findIdentity, registerWithSecret, secretHashOf, type AddressKey } from './identities.ts'
import { conversationOfProviderIds, historyOfIdentity } from './messages.ts'
import { conversationOfTicket } from './conversations.ts'
import { readChannelState, writeChannelState } from './channel-state.ts'

/** Small state of one channel that must survive restarts (IMAP cursor, Slack threads…), JSON per key. */
export function channelState (db: Db, channel: string) {
  return {
    get: (key: string): Promise<unknown> => readChannelState(db, channel, key),
    set: (key: string, value: unknown): Promise<void> => writeChannelState(db, channel, key, value),
  }
}

/** Identities a channel creates itself with a secret: a new citizen each (the web chat session and its token hash). */
export function sessionIdentities (db: Db) {
  return {
    register: (address: AddressKey, secretHash: string): Promise<void> => registerWithSecret(db, address, secretHash),
    async check (address: AddressKey, secretHash: string): Promise<'ok' | 'unknown' | 'mismatch'> {
      const stored = await secretHashOf(db, address)
      if (!stored) return 'unknown'
      return safeEqual(stored, secretHash) ? 'ok' : 'mismatch'
    },
  }
}

/** What an identity's citizen can read back: messages of this identity's conversations, never internal notes. */
export async function publicHistory (db: Db, address: AddressKey, afterMessageId: number, limit: number): Promise<PublicMessage[]> {
  const identity = await findIdentity(db, address)
  if (!identity) return []
  return (await historyOfIdentity(db, identity.id, afterMessageId, limit)).map(toPublicMessage)
}

/** Which conversation of this sender a message continues, from the ids it refers to or a ticket reference (email threading). */
export function threadLookup (db: Db, channel: string) {
  return {
    async byProviderIds (ids: string[], address: AddressKey): Promise<string | undefined> {
      if (!ids.length) return undefined
      const identity = await findIdentity(db, address)
      return identity ? conversationOfProviderIds(db, channel, identity.citizenId, ids) : undefined
    },
    async byTicketReference (reference: string, address: AddressKey): Promise<string | undefined> {
      const identity = await findIdentity(db, address)
      return identity ? conversationOfTicket(db, reference, identity.citizenId) : undefined
    },
  }
}

function safeEqual (a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
