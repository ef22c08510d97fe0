// SMTP failures, classified for the outbox (the adapter classifies, the core decides):
// 4xx replies and connection problems are worth retrying; 5xx replies are final (RFC 5321 §4.2.1).
import { ChannelSendError } from '../../src/core/channel.ts'

type SmtpError = { code?: unknown, responseCode?: unknown, message?: unknown }

const RETRYABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EPROTOCOL', 'ETLS'])

export function classifySmtpError (error: unknown): ChannelSendError {
  const e = (error ?? {}) as SmtpError
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined
  const code = typeof e.code === 'string' ? e.code : undefined
  // Only the code and the server's short reply: never the recipient's address.
  const detail = [code, responseCode].filter(Boolean).join(' ') || 'unknown error'
  if (responseCode !== undefined) {
    const retryable = responseCode >= 400 && responseCode < 500
    return new ChannelSendError(`SMTP send failed (${detail}${retryable ? ', temporary' : ', permanent'})`, retryable, undefined, { cause: error })
  }
  const retryable = code === undefined || RETRYABLE_CODES.has(code)
  return new ChannelSendError(`SMTP send failed (${detail})`, retryable, undefined, { cause: error })
}
