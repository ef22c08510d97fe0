// Telling a citizen about their ticket on the channel they last used (CONTRACT: "a status change
// is told to the citizen on the channel they last used"): Citizen.lastIdentityId → that identity →
// its open (else latest) conversation. Written to the outbox in the caller's transaction.
// Opted-out identities are still enqueued: the outbox worker cancels the send and the cancelled
// row shows agents why the citizen was not told.
import type { Tx } from '../db/client.ts'
import type { ChannelName, Lang } from '../domain.ts'
import { enqueueOutbound } from '../db/outbox.ts'
import { quietHoursRelease, type QuietHours } from './quiet-hours.ts'

export type NotifySettings = { timeZone: string, quietHours: QuietHours }

export type NotifyInput = {
  citizenId: string
  /** The ticket's own conversation: used when the citizen never wrote from any identity. */
  fallbackConversationId?: string | null
  text: (lang: Lang) => string
  meta?: Record<string, unknown>
  agentId?: string
}

export type NotifyOutcome = { messageId: number, conversationId: string, heldUntil?: Date } | { messageId?: undefined, reason: 'no_channel' }

const CHANNEL_OF_KIND: Record<string, ChannelName> = { phone: 'twilio', whatsapp: 'twilio', email: 'email', webchat: 'webchat', botframework: 'botframework' }
// Quiet hours are for texts that ring a phone at night; a chat window or a mailbox does not.
const QUIET_KINDS = new Set(['phone', 'whatsapp'])

export async function notifyCitizen (tx: Tx, settings: NotifySettings, input: NotifyInput, now: Date): Promise<NotifyOutcome> {
  const citizen = await tx.citizen.findUnique({ where: { id: input.citizenId }, select: { lang: true, lastIdentityId: true, erasedAt: true } })
  if (!citizen || citizen.erasedAt) return { reason: 'no_channel' }
  const target = await findTarget(tx, citizen.lastIdentityId, input.fallbackConversationId, now)
  if (!target) return { reason: 'no_channel' }
  const lang: Lang = citizen.lang === 'en' ? 'en' : 'fr'
  const heldUntil = QUIET_KINDS.has(target.identityKind) ? quietHoursRelease(now, settings.timeZone, settings.quietHours) : undefined
  const message = await enqueueOutbound(tx, {
    conversationId: target.conversationId,
    citizenId: input.citizenId,
    channel: target.channel,
    text: input.text(lang),
    author: 'bot',
    agentId: input.agentId,
    lang,
    notBefore: heldUntil,
    heldReason: heldUntil ? 'quiet_hours' : undefined,
    meta: input.meta,
    now,
  })
  return { messageId: message.id, conversationId: target.conversationId, heldUntil }
}

type Target = { conversationId: string, channel: string, identityKind: string }

async function findTarget (tx: Tx, identityId: string | null, fallbackConversationId: string | null | undefined, now: Date): Promise<Target | undefined> {
  if (identityId) {
    const identity = await tx.identity.findUnique({ where: { id: identityId }, select: { id: true, kind: true, citizenId: true } })
    if (identity) {
      const conversation = await tx.conversation.findFirst({
        where: { identityId: identity.id },
        orderBy: [{ status: 'desc' }, { lastMessageAt: 'desc' }], // descending: 'open' before 'closed'
        select: { id: true, channel: true },
      })
      if (conversation) return { conversationId: conversation.id, channel: conversation.channel, identityKind: identity.kind }
      const channel = CHANNEL_OF_KIND[identity.kind]
      if (channel) {
        const created = await tx.conversation.create({
          data: { citizenId: identity.citizenId, identityId: identity.id, channel, lastMessageAt: now, createdAt: now, events: { create: { type: 'opened', detail: 'ticket_notification', createdAt: now } } },
          select: { id: true },
        })
        return { conversationId: created.id, channel, identityKind: identity.kind }
      }
    }
  }
  if (!fallbackConversationId) return undefined
  const conversation = await tx.conversation.findUnique({ where: { id: fallbackConversationId }, select: { id: true, channel: true, identity: { select: { kind: true } } } })
  return conversation ? { conversationId: conversation.id, channel: conversation.channel, identityKind: conversation.identity.kind } : undefined
}
