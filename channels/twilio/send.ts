// One outbound message → messages.create, with a status callback so delivery is tracked.
// SMS replies are fitted to TWILIO_MAX_SEGMENTS; WhatsApp honours Meta's 24-hour window
// (LESSONS.md: Chatwoot showed "sent" for free text that was never delivered, #9516 / #7142).
import type twilio from 'twilio'
import { ChannelSendError, type OutboundMessage, type SendResult } from '../../src/core/channel.ts'
import type { TwilioConfig } from './config.ts'
import { classifyTwilioError } from './errors.ts'
import { fitToSegments, toGsmFriendly, truncateAtSentence } from './segments.ts'
import { WHATSAPP_WINDOW_MS } from './whatsapp-window.ts'

export const WHATSAPP_MAX_TEXT = 1600 // Twilio's limit for a message body
const TEMPLATE_VARIABLE_MAX = 1000 // Meta refuses long template variables and newlines in them

type CreateParams = Parameters<twilio.Twilio['messages']['create']>[0]

export function createSender (config: TwilioConfig, twilioApi: twilio.Twilio, statusCallback: string, now: () => Date = () => new Date()) {
  async function create (outboxId: string, params: CreateParams, meta: Record<string, unknown>): Promise<SendResult> {
    try {
      // The outbox id in the URL: a late callback still finds a send whose process stopped (issue 19).
      const sent = await twilioApi.messages.create({ ...params, statusCallback: `${statusCallback}?outboxId=${encodeURIComponent(outboxId)}` })
      return { providerMessageId: sent.sid, status: 'pending', meta: { twilio: meta } }
    } catch (error) {
      throw classifyTwilioError(error)
    }
  }

  function sms (outboxId: string, to: string, text: string, extra: Record<string, unknown> = {}): Promise<SendResult> {
    const sender = config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : config.smsFrom ? { from: config.smsFrom } : undefined
    if (!sender) throw new ChannelSendError('sms_not_configured: TWILIO_SMS_FROM or TWILIO_MESSAGING_SERVICE_SID is needed to send SMS', false)
    const fitted = fitToSegments(toGsmFriendly(text), config.maxSegments)
    return create(outboxId, { to, body: fitted.text, ...sender }, { ...extra, encoding: fitted.encoding, segments: fitted.segments, ...(fitted.truncated ? { truncated: true } : {}) })
  }

  function whatsapp (message: OutboundMessage): Promise<SendResult> {
    const sender = config.whatsappFrom ? { from: `whatsapp:${config.whatsappFrom}` } : config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : undefined
    if (!sender) throw new ChannelSendError('whatsapp_not_configured: TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID is needed', false)
    const to = `whatsapp:${message.to.value}`
    const isWindowOpen = message.lastInboundAt !== undefined && now().getTime() - message.lastInboundAt.getTime() < WHATSAPP_WINDOW_MS
    if (isWindowOpen) {
      const body = truncateAtSentence(message.text, candidate => candidate.length <= WHATSAPP_MAX_TEXT)
      return create(message.outboxId, { to, body, ...sender }, { whatsappWindow: 'open' })
    }
    if (config.whatsappTemplateSid) {
      const variable = message.text.replace(/\s*\n+\s*/g, ' ').slice(0, TEMPLATE_VARIABLE_MAX)
      return create(message.outboxId, { to, contentSid: config.whatsappTemplateSid, contentVariables: JSON.stringify({ 1: variable }), ...sender }, { whatsappWindow: 'template' })
    }
    if (config.whatsappSmsFallback && !message.optedOutKinds?.includes('phone')) return sms(message.outboxId, message.to.value, message.text, { whatsappWindow: 'sms_fallback' })
    const why = config.whatsappSmsFallback ? 'no template is set and this number sent STOP by SMS' : 'neither TWILIO_WHATSAPP_TEMPLATE_SID nor TWILIO_WHATSAPP_SMS_FALLBACK is set'
    throw new ChannelSendError(`whatsapp_window_closed: no message from this citizen on WhatsApp for 24 hours, and ${why}`, false)
  }

  return async function send (message: OutboundMessage): Promise<SendResult> {
    if (message.to.kind === 'whatsapp') return whatsapp(message)
    if (message.to.kind === 'phone') return sms(message.outboxId, message.to.value, message.text)
    throw new ChannelSendError(`Twilio cannot send to a ${message.to.kind} identity`, false)
  }
}
