// Twilio failures → ChannelSendError, retryable or not; the outbox decides what to do with it
// (STYLE.md: the adapter classifies, the core decides). Codes: https://www.twilio.com/docs/api/errors
import { ChannelSendError } from '../../src/core/channel.ts'

/** Twilio error codes that no retry can fix. */
const PERMANENT_CODES: Record<number, string> = {
  21211: "invalid 'To' number",
  21408: 'region not enabled for this account',
  21610: 'the recipient unsubscribed (STOP) from this sender',
  21612: 'this sender cannot reach that number',
  21614: "'To' is not a mobile number",
  63016: 'WhatsApp free-form message outside the 24-hour window',
}
/** Twilio error codes that are worth another attempt whatever the HTTP status. */
const TRANSIENT_CODES = new Set([20429, 20500, 20503, 30001])

type RestLike = { status?: unknown, code?: unknown, message?: unknown, moreInfo?: unknown }

export function classifyTwilioError (error: unknown): ChannelSendError {
  if (error instanceof ChannelSendError) return error
  const e = (error ?? {}) as RestLike
  const status = typeof e.status === 'number' ? e.status : undefined
  const code = typeof e.code === 'number' ? e.code : undefined
  if (status === undefined) {
    // No HTTP answer at all: connection refused, reset, timeout. Twilio may be fine a moment later.
    const reason = typeof e.code === 'string' ? e.code : String((error as Error)?.message ?? error)
    return new ChannelSendError(`Twilio unreachable (${reason})`, true, undefined, { cause: error })
  }
  const what = code !== undefined ? `${code} ${PERMANENT_CODES[code] ?? withoutNumbers(String(e.message ?? ''))}`.trim() : `HTTP ${status}`
  const message = `Twilio send failed (${what})`
  const retryable = (code !== undefined && TRANSIENT_CODES.has(code)) || status === 429 || status >= 500
  return new ChannelSendError(message, retryable && !(code !== undefined && code in PERMANENT_CODES), undefined, { cause: error })
}

// Twilio's messages quote the citizen's number ("The 'To' number +336… is not valid"); errors end
// up in logs and in the inbox, so numbers are masked.
function withoutNumbers (text: string): string {
  return text.replace(/\+?\d[\d .-]{5,}\d/g, '[number]').slice(0, 200)
}
