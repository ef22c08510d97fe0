// Twilio's incoming-message webhook (SMS, MMS, WhatsApp) → an InboundMessage for the core, plus
// the media still to fetch. Pure: no I/O, so every payload shape is a fixture and a unit test.
// https://www.twilio.com/docs/messaging/guides/webhook-request
import type { Address, InboundMessage } from '../../src/core/channel.ts'
import { AppError } from '../../src/errors.ts'
import type { TwilioConfig } from './config.ts'
import { param, type TwilioParams } from './params.ts'
import { toE164 } from './phone.ts'

export const TWILIO_MAX_TEXT = 4096 // WhatsApp's limit; a concatenated SMS is at most 1600
const MAX_MEDIA = 10 // Twilio sends at most 10 media per message

export type MediaRef = { url: string, contentType: string, index: number }
export type ParsedIncoming = { message: InboundMessage, media: MediaRef[] }

type Receiver = Pick<TwilioConfig, 'accountSid' | 'smsFrom' | 'whatsappFrom' | 'messagingServiceSid'>

export function parseIncomingMessage (params: TwilioParams, config: Receiver): ParsedIncoming {
  const sid = param(params, 'MessageSid') ?? param(params, 'SmsMessageSid')
  if (!sid || !/^(SM|MM)[0-9a-f]{32}$/i.test(sid)) throw new AppError('validation_failed', 'MessageSid is missing or malformed')
  if (param(params, 'AccountSid') !== config.accountSid) throw new AppError('forbidden', 'This message belongs to another Twilio account')
  const rawFrom = param(params, 'From') ?? ''
  const rawTo = param(params, 'To') ?? ''
  const isWhatsapp = /^whatsapp:/i.test(rawFrom)
  if (!isServedByUs(rawTo, isWhatsapp, param(params, 'MessagingServiceSid'), config)) {
    throw new AppError('validation_failed', 'This message was sent to a number this assistant does not serve (check TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID)')
  }
  const phone = toE164(rawFrom)
  if (!phone) throw new AppError('validation_failed', 'The sender is not a phone number')
  const from: Address = { kind: isWhatsapp ? 'whatsapp' : 'phone', value: phone }

  const location = parseLocation(params)
  const profileName = param(params, 'ProfileName')
  const message: InboundMessage = {
    channel: 'twilio',
    externalId: sid,
    from,
    text: param(params, 'Body') ?? '',
    ...(location ? { location } : {}),
    meta: {
      via: isWhatsapp ? 'whatsapp' : 'sms',
      ...(profileName ? { profileName: profileName.slice(0, 100) } : {}),
      ...(param(params, 'NumSegments') ? { numSegments: Number(param(params, 'NumSegments')) } : {}),
    },
  }
  return { message, media: parseMedia(params) }
}

/** Our number, or any number of our Messaging Service (Chatwoot lost messages by checking only `To`). */
function isServedByUs (rawTo: string, isWhatsapp: boolean, serviceSid: string | undefined, config: Receiver): boolean {
  if (config.messagingServiceSid && serviceSid === config.messagingServiceSid) return true
  const to = toE164(rawTo)
  if (isWhatsapp) return Boolean(to && to === config.whatsappFrom)
  return Boolean(config.smsFrom && (to === config.smsFrom || rawTo === config.smsFrom))
}

function parseLocation (params: TwilioParams): InboundMessage['location'] {
  const latitude = Number(param(params, 'Latitude'))
  const longitude = Number(param(params, 'Longitude'))
  if (!param(params, 'Latitude') || !param(params, 'Longitude')) return undefined
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw new AppError('validation_failed', 'Latitude/Longitude are not a valid position')
  }
  const address = param(params, 'Address') ?? param(params, 'Label')
  return { latitude, longitude, ...(address ? { address: address.slice(0, 300) } : {}) }
}

function parseMedia (params: TwilioParams): MediaRef[] {
  const count = Math.min(Number(param(params, 'NumMedia') ?? 0) || 0, MAX_MEDIA)
  const media: MediaRef[] = []
  for (let index = 0; index < count; index++) {
    const url = param(params, `MediaUrl${index}`)
    if (!url) continue
    media.push({ url, contentType: (param(params, `MediaContentType${index}`) ?? 'application/octet-stream').toLowerCase().split(';')[0].trim(), index })
  }
  return media
}
