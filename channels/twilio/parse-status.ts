// Twilio's status callback → the core's DeliveryUpdate (pure).
// https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
import type { DeliveryUpdate } from '../../src/core/channel.ts'
import { AppError } from '../../src/errors.ts'
import { param, type TwilioParams } from './params.ts'

const STATUS_MAP: Record<string, DeliveryUpdate['status']> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
}

/** undefined for statuses that say nothing about delivery (e.g. "receiving" of inbound messages). */
export function parseStatusCallback (params: TwilioParams): DeliveryUpdate | undefined {
  const sid = param(params, 'MessageSid') ?? param(params, 'SmsSid')
  const raw = param(params, 'MessageStatus') ?? param(params, 'SmsStatus')
  if (!sid || !/^(SM|MM)[0-9a-f]{32}$/i.test(sid)) throw new AppError('validation_failed', 'MessageSid is missing or malformed')
  if (!raw) throw new AppError('validation_failed', 'MessageStatus is missing')
  const status = STATUS_MAP[raw.toLowerCase()]
  if (!status) return undefined
  const errorCode = param(params, 'ErrorCode')
  const errorMessage = param(params, 'ErrorMessage')
  return {
    providerMessageId: sid,
    status,
    ...(errorCode && errorCode !== '0' ? { errorCode } : {}),
    ...(errorMessage ? { errorMessage: errorMessage.slice(0, 300) } : {}),
  }
}
