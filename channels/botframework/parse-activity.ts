// Pure: a Bot Framework message activity → the core's InboundMessage.
import type { Activity, ConversationReference } from 'botbuilder'
import type { InboundMessage } from '../../src/core/channel.ts'

export function parseActivity (activity: Partial<Activity>, reference: Partial<ConversationReference>): InboundMessage | undefined {
  if (activity.type !== 'message' || !activity.from?.id || !activity.conversation?.id) return undefined
  const text = (activity.text ?? '').trim()
  const place = (activity.entities ?? []).find(e => e.type === 'Place' || e.type === 'GeoCoordinates') as { geo?: { latitude?: number, longitude?: number }, latitude?: number, longitude?: number, address?: string } | undefined
  const latitude = place?.geo?.latitude ?? place?.latitude
  const longitude = place?.geo?.longitude ?? place?.longitude
  return {
    channel: 'botframework',
    // Activity ids are unique within a conversation only.
    externalId: `${activity.conversation.id}|${activity.id ?? activity.timestamp}`,
    // One identity per user and Bot Framework channel (msteams, facebook, webchat…).
    from: { kind: 'botframework', value: `${activity.channelId ?? 'unknown'}:${activity.from.id}` },
    text,
    meta: { bfChannel: activity.channelId, profileName: activity.from.name },
    location: typeof latitude === 'number' && typeof longitude === 'number' ? { latitude, longitude, address: typeof place?.address === 'string' ? place.address : undefined } : undefined,
    replyReference: reference,
  }
}
