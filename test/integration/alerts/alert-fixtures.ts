// Shared set-up of the alerts tests: subscribers written straight into the database (with or
// without the consent event a real subscription leaves), and an in-memory email channel.
import type { ChannelModule } from '../../../src/core/channel.ts'
import type { ChannelName, IdentityKind } from '../../../src/domain.ts'
import type { Db } from '../../../src/db/client.ts'
import { createMemoryChannel, type MemoryChannel } from '../../helpers/memory-channel.ts'
import { webchat } from '../../../channels/webchat/index.ts'
import { twilio } from '../../../channels/twilio/index.ts'

export type SubscriberSpec = {
  kind: IdentityKind
  value: string
  topic?: string
  lang?: 'fr' | 'en'
  consent?: boolean
  optedOut?: boolean
  lastInboundAt?: Date
  zone?: string
}

let n = 0
export async function addSubscriber (db: Db, spec: SubscriberSpec) {
  const citizen = await db.citizen.create({ data: { lang: spec.lang ?? 'fr' } })
  const identity = await db.identity.create({
    data: { kind: spec.kind, value: spec.value, citizenId: citizen.id, optedOutAt: spec.optedOut ? new Date() : null, lastInboundAt: spec.lastInboundAt ?? null },
  })
  const topic = spec.topic ?? 'roadworks'
  await db.alertSubscription.create({ data: { identityId: identity.id, topic, zone: spec.zone ?? null } })
  if (spec.consent !== false) await db.consentEvent.create({ data: { identityId: identity.id, action: 'alerts_on', topic, keyword: topic, via: 'conversation' } })
  n++
  return { citizen, identity }
}

/** The email channel as an in-memory adapter: what the outbox hands it (bulk subject, unsubscribe link) is kept. */
export function memoryEmail (): { channel: MemoryChannel, module: ChannelModule } {
  const channel = createMemoryChannel()
  Object.assign(channel, { name: 'email' as ChannelName })
  return { channel, module: { name: 'email', identityKinds: ['email'], readSettings: () => ({}), create: () => channel } }
}

export const channelsWith = (...extra: ChannelModule[]): ChannelModule[] => [webchat, twilio, ...extra]
