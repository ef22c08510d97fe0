// Who a broadcast reaches (issue 20): the identities subscribed to its topic (and zone), each on
// the channel they subscribed on, minus those it must not reach, counted by reason. The same
// rules serve the preview and the plan, so the preview's figures are what is then written.
import type { Subscriber } from '../db/alert-subscriptions.ts'
import type { Address } from '../core/channel.ts'
import type { IdentityKind } from '../domain.ts'
import { channelOfKind } from '../../channels/index.ts'
import { quietHoursRelease, type QuietHours } from '../tickets/quiet-hours.ts'

/** The channel figures are given per identity kind: SMS and WhatsApp are counted apart. */
export type RecipientChannel = 'sms' | 'whatsapp' | 'email' | 'webchat' | 'botframework'
export type ExclusionReason = 'stop' | 'no_consent' | 'whatsapp_window' | 'channel_off'

/** How a broadcast's figures name an identity's kind (the channel that writes to it is the channels' own fact: channelOfKind). */
export const RECIPIENT_KEY: Record<IdentityKind, RecipientChannel> = { phone: 'sms', whatsapp: 'whatsapp', email: 'email', webchat: 'webchat', botframework: 'botframework' }
// Quiet hours are for texts that ring a phone at night; a chat window or a mailbox does not.
const QUIET_KINDS = new Set<string>(['phone', 'whatsapp'])

export type { Subscriber }

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
    const channel = channelOfKind(s.kind)
    const key = RECIPIENT_KEY[s.kind]
    if (!channel || !key) { exclude('channel_off'); continue }
    const heldUntil = release && QUIET_KINDS.has(s.kind) ? release : undefined
    const reach = rules.reaches(channel, { kind: s.kind, value: s.value }, s.lastInboundAt ?? undefined, heldUntil ?? rules.sendAt)
    if (reach !== true) { exclude(reach); continue }
    audience.counts[key] = (audience.counts[key] ?? 0) + 1
    if (heldUntil) audience.held.quiet_hours = (audience.held.quiet_hours ?? 0) + 1
    // Field by field: a spread ({ ...s, channel, … }) cost ~6 µs per recipient, 0.3 s of the event loop for 50,000.
    audience.recipients.push({
      identityId: s.identityId, citizenId: s.citizenId, kind: s.kind, value: s.value, lang: s.lang, zone: s.zone, optedOut: s.optedOut,
      consented: s.consented, lastInboundAt: s.lastInboundAt, channel, key, heldUntil,
    })
  }
  return audience
}
