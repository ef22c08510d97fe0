// Telling a citizen about their ticket on the channel they last used (CONTRACT: "a status change
// is told to the citizen on the channel they last used"): Citizen.lastIdentityId → that identity →
// its open (else latest) conversation. Written to the outbox in the caller's transaction.
// Opted-out identities are still enqueued: the outbox worker cancels the send and the cancelled
// row shows agents why the citizen was not told.
import type { ChannelName, Lang } from '../domain.ts'
import type { DbOrTx } from '../db/transaction.ts'
import { enqueueNotice, findCitizenToNotify, findConversationChannel, findIdentityToNotify, latestConversationOf, openNotificationConversation } from '../db/citizen-reach.ts'
import { quietHoursRelease, type QuietHours } from './quiet-hours.ts'
import { channelOfKind } from '../../channels/index.ts'

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

// Quiet hours are for texts that ring a phone at night; a chat window or a mailbox does not.
const QUIET_KINDS = new Set(['phone', 'whatsapp'])

/** Tells the citizen in `tx`'s transaction (a DbOrTx, or Prisma's transaction client from callers not yet on inTransaction). */
export async function notifyCitizen (tx: DbOrTx, settings: NotifySettings, input: NotifyInput, now: Date): Promise<NotifyOutcome> {
  const citizen = await findCitizenToNotify(tx, input.citizenId)
  if (!citizen || citizen.erasedAt) return { reason: 'no_channel' }
  const target = await findTarget(tx, citizen.lastIdentityId, input.fallbackConversationId, now)
  if (!target) return { reason: 'no_channel' }
  const lang: Lang = citizen.lang === 'en' ? 'en' : 'fr'
  const heldUntil = QUIET_KINDS.has(target.identityKind) ? quietHoursRelease(now, settings.timeZone, settings.quietHours) : undefined
  const message = await enqueueNotice(tx, {
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

async function findTarget (tx: DbOrTx, identityId: string | null, fallbackConversationId: string | null | undefined, now: Date): Promise<Target | undefined> {
  if (identityId) {
    const identity = await findIdentityToNotify(tx, identityId)
    if (identity) {
      // Its open conversation, else its latest one.
      const conversation = await latestConversationOf(tx, identity.id)
      if (conversation) return { conversationId: conversation.id, channel: conversation.channel, identityKind: identity.kind }
      const channel = channelOfKind(identity.kind)
      if (channel) {
        const conversationId = await openNotificationConversation(tx, { citizenId: identity.citizenId, identityId: identity.id, channel, now })
        return { conversationId, channel, identityKind: identity.kind }
      }
    }
  }
  if (!fallbackConversationId) return undefined
  const conversation = await findConversationChannel(tx, fallbackConversationId)
  return conversation ? { conversationId: conversation.id, channel: conversation.channel, identityKind: conversation.identityKind } : undefined
}
