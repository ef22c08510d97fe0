// After a stop during a send (issue 19): did Twilio take the message? Its Messages list,
// filtered by recipient and sender, newest first, is searched for the body we would send,
// created after our message was. Found: its sid is recorded and nothing is sent again.
// A WhatsApp template's body is rendered by Twilio and cannot be compared: it is sent again.
import type twilio from 'twilio'
import type { OutboundMessage, SendResult } from '../../src/core/channel.ts'
import type { TwilioConfig } from './config.ts'
import { fitToSegments, toGsmFriendly, truncateAtSentence } from './segments.ts'
import { WHATSAPP_MAX_TEXT } from './send.ts'

const CLOCK_SKEW_MS = 5 * 60_000

export function createSentFinder (config: TwilioConfig, client: twilio.Twilio) {
  return async function findSent (message: OutboundMessage): Promise<SendResult | undefined> {
    const whatsapp = message.to.kind === 'whatsapp'
    const to = whatsapp ? `whatsapp:${message.to.value}` : message.to.value
    const from = whatsapp ? (config.whatsappFrom && `whatsapp:${config.whatsappFrom}`) : config.smsFrom
    const bodies = new Set([
      fitToSegments(toGsmFriendly(message.text), config.maxSegments).text, // SMS, or WhatsApp's SMS fallback
      truncateAtSentence(message.text, candidate => candidate.length <= WHATSAPP_MAX_TEXT),
    ])
    const since = message.createdAt.getTime() - CLOCK_SKEW_MS
    const recent = await client.messages.list({ to, ...(from && !config.messagingServiceSid ? { from } : {}), limit: 50 })
    const match = recent.find(m => m.direction.startsWith('outbound') && bodies.has(m.body) && (m.dateCreated?.getTime() ?? 0) >= since &&
      (!config.messagingServiceSid || m.messagingServiceSid === config.messagingServiceSid))
    return match && { providerMessageId: match.sid, status: 'pending', meta: { twilio: { foundAfterStop: true } } }
  }
}
