// Who a broadcast reaches (issue 20): the identities subscribed to its topic (and zone), each on
// the channel they subscribed on, minus those it must not reach, counted by reason. The same
// rules serve the preview and the plan, so the preview's figures are what is then written.
import type { Sql } from '../db/sql.ts'
import { asBool, asDateOrNull } from '../db/sql.ts'
import type { Address } from '../core/channel.ts'
import type { IdentityKind, Lang } from '../domain.ts'
import { quietHoursRelease, type QuietHours } from '../tickets/quiet-hours.ts'

/** The channel figures are given per identity kind: SMS and WhatsApp are counted apart. */
export type RecipientChannel = 'sms' | 'whatsapp' | 'email' | 'webchat' | 'botframework'
export type ExclusionReason = 'stop' | 'no_consent' | 'whatsapp_window' | 'channel_off'

export const CHANNEL_OF_KIND: Record<IdentityKind, { channel: string, key: RecipientChannel }> = {
  phone: { channel: 'twilio', key: 'sms' },
  whatsapp: { channel: 'twilio', key: 'whatsapp' },
  email: { channel: 'email', key: 'email' },
  webchat: { channel: 'webchat', key: 'webchat' },
  botframework: { channel: 'botframework', key: 'botframework' },
}
// Quiet hours are for texts that ring a phone at night; a chat window or a mailbox does not.
const QUIET_KINDS = new Set<string>(['phone', 'whatsapp'])

export type Subscriber = {
  identityId: string, citizenId: string, kind: IdentityKind, value: string, lang: Lang,
  zone: string | null, optedOut: boolean, consented: boolean, lastInboundAt: Date | null,
}

export type AudienceRules = {
  urgent: boolean
  sendAt: Date
  timeZone: string
  quietHours: QuietHours
  /** Whether a channel is on, and whether it reaches this address then (ChannelAdapter.reaches). */
  reaches: (channel: string, to: Address, lastInboundAt: Date | undefined, at: Date) => true | ExclusionReason
}

export type Recipient = Subscriber & { channel: string, key: RecipientChannel, heldUntil?: Date }

export type Audience = {
  recipients: Recipient[]
  counts: Record<string, number>
  excluded: Record<string, number>
  held: Record<string, number>
}

const normalise = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()

/** A zone subscription (« rue des Lilas ») hears broadcasts about its zone; a whole-town one hears all. */
export function zoneMatches (subscriptionZone: string | null, broadcastZone: string | null | undefined): boolean {
  if (!subscriptionZone || !broadcastZone) return true
  const a = normalise(subscriptionZone)
  const b = normalise(broadcastZone)
  return a.includes(b) || b.includes(a)
}

/** Pure: sorts subscribers into recipients (by channel) and exclusions (by reason). */
export function selectAudience (subscribers: Subscriber[], rules: AudienceRules, zone?: string | null): Audience {
  const audience: Audience = { recipients: [], counts: {}, excluded: {}, held: {} }
  const exclude = (reason: ExclusionReason) => { audience.excluded[reason] = (audience.excluded[reason] ?? 0) + 1 }
  const release = rules.urgent ? undefined : quietHoursRelease(rules.sendAt, rules.timeZone, rules.quietHours)
  for (const s of subscribers) {
    if (!zoneMatches(s.zone, zone)) continue
    if (s.optedOut) { exclude('stop'); continue }
    if (!s.consented) { exclude('no_consent'); continue }
    const { channel, key } = CHANNEL_OF_KIND[s.kind] ?? {}
    if (!channel) { exclude('channel_off'); continue }
    const heldUntil = release && QUIET_KINDS.has(s.kind) ? release : undefined
    const reach = rules.reaches(channel, { kind: s.kind, value: s.value }, s.lastInboundAt ?? undefined, heldUntil ?? rules.sendAt)
    if (reach !== true) { exclude(reach); continue }
    audience.counts[key] = (audience.counts[key] ?? 0) + 1
    if (heldUntil) audience.held.quiet_hours = (audience.held.quiet_hours ?? 0) + 1
    audience.recipients.push({ ...s, channel, key, heldUntil })
  }
  return audience
}

type SubscriberRow = {
  identityId: string, citizenId: string, kind: string, value: string, lang: string | null, zone: string | null,
  optedOutAt: unknown, lastInboundAt: unknown, consented: unknown,
}

/**
 * The topic's subscribers with what the rules need, in one query. Consent is an explicit
 * alerts_on event for the topic (a subscription written without one, e.g. imported, does not count).
 */
export async function readSubscribers (sql: Sql, topic: string): Promise<Subscriber[]> {
  const subscribers: Subscriber[] = []
  // SQLite: in pages by identity, because it answers synchronously and one 50,000-row query would
  // hold the event loop (and every conversation) for its whole length. PostgreSQL: one query.
  const page = sql.provider === 'sqlite' ? PAGE : 1_000_000_000
  for (let after = ''; ;) {
    const rows = await sql.all<SubscriberRow>(
      `SELECT s."identityId", i."citizenId", i."kind", i."value", ci."lang", s."zone", i."optedOutAt", i."lastInboundAt",
         EXISTS (SELECT 1 FROM "ConsentEvent" e WHERE e."identityId" = s."identityId" AND e."action" = 'alerts_on' AND (e."topic" = s."topic" OR (e."topic" IS NULL AND e."keyword" = s."topic"))) AS "consented"
       FROM "AlertSubscription" s JOIN "Identity" i ON i."id" = s."identityId" JOIN "Citizen" ci ON ci."id" = i."citizenId"
       WHERE s."topic" = ? AND s."identityId" > ? AND ci."erasedAt" IS NULL AND ci."mergedIntoId" IS NULL
       ORDER BY s."identityId" LIMIT ${page}`, [topic, after])
    for (const r of rows) {
      subscribers.push({
        identityId: r.identityId, citizenId: r.citizenId, kind: r.kind as IdentityKind, value: r.value, lang: r.lang === 'en' ? 'en' : 'fr',
        zone: r.zone, optedOut: r.optedOutAt !== null && r.optedOutAt !== undefined, consented: asBool(r.consented), lastInboundAt: asDateOrNull(r.lastInboundAt),
      })
    }
    if (rows.length < page) return subscribers
    after = rows[rows.length - 1].identityId
    await new Promise(resolve => setTimeout(resolve, 1))
  }
}

const PAGE = 2_000
