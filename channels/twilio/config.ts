// TWILIO_* variables → a frozen TwilioConfig. All unset: the channel is off; some set but not
// enough to work: a ConfigError naming what is missing (STYLE.md §3.5).
import { ConfigError } from '../../src/errors.ts'
import { toE164 } from './phone.ts'

export type TwilioConfig = Readonly<{
  accountSid: string
  authToken: string
  /** E.164 number, short code or (one-way) alphanumeric sender id. */
  smsFrom?: string
  /** E.164 WhatsApp sender, without the whatsapp: prefix. */
  whatsappFrom?: string
  messagingServiceSid?: string
  /** Overrides https://api.twilio.com (tests, regional edges). No trailing slash. */
  apiUrl?: string
  /** Content template (HX…) used for WhatsApp outside the 24-hour window. */
  whatsappTemplateSid?: string
  /** Outside the WhatsApp window, send the text by SMS instead (when no template is set). */
  whatsappSmsFallback: boolean
  /** Longest SMS reply, in segments; longer replies are cut at a sentence. */
  maxSegments: number
}>

export const TWILIO_DEFAULTS = {
  TWILIO_MAX_SEGMENTS: 4, // ~600 GSM-7 / ~268 UCS-2 characters: a readable answer, a bounded bill
} as const

const VARIABLES = [
  'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_SMS_FROM', 'TWILIO_WHATSAPP_FROM', 'TWILIO_MESSAGING_SERVICE_SID',
  'TWILIO_API_URL', 'TWILIO_WHATSAPP_TEMPLATE_SID', 'TWILIO_WHATSAPP_SMS_FALLBACK', 'TWILIO_MAX_SEGMENTS',
] as const

export function readTwilioConfig (env: NodeJS.ProcessEnv): TwilioConfig | undefined {
  const get = (name: typeof VARIABLES[number]) => env[name]?.trim() || undefined
  if (VARIABLES.every(name => !get(name))) return undefined
  const problems: string[] = []
  const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] as const).filter(name => !get(name))
  if (!get('TWILIO_SMS_FROM') && !get('TWILIO_WHATSAPP_FROM') && !get('TWILIO_MESSAGING_SERVICE_SID')) {
    missing.push('TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID' as never)
  }
  if (missing.length) problems.push(`Twilio is partly configured: missing ${missing.join(', ')}`)

  const accountSid = get('TWILIO_ACCOUNT_SID') ?? ''
  if (accountSid && !/^AC[0-9a-f]{32}$/i.test(accountSid)) problems.push('TWILIO_ACCOUNT_SID must look like AC followed by 32 hexadecimal characters')
  const messagingServiceSid = get('TWILIO_MESSAGING_SERVICE_SID')
  if (messagingServiceSid && !/^MG[0-9a-f]{32}$/i.test(messagingServiceSid)) problems.push('TWILIO_MESSAGING_SERVICE_SID must look like MG followed by 32 hexadecimal characters')
  const templateSid = get('TWILIO_WHATSAPP_TEMPLATE_SID')
  if (templateSid && !/^HX[0-9a-f]{32}$/i.test(templateSid)) problems.push('TWILIO_WHATSAPP_TEMPLATE_SID must be a Content SID (HX followed by 32 hexadecimal characters)')

  const smsFrom = readSmsSender(get('TWILIO_SMS_FROM'), problems)
  const rawWhatsapp = get('TWILIO_WHATSAPP_FROM')?.replace(/^whatsapp:/i, '')
  const whatsappFrom = rawWhatsapp ? toE164(rawWhatsapp) : undefined
  if (rawWhatsapp && !whatsappFrom) problems.push('TWILIO_WHATSAPP_FROM must be a phone number in E.164 form, e.g. +33757000000')

  const apiUrl = get('TWILIO_API_URL')?.replace(/\/+$/, '')
  if (apiUrl && !/^https?:\/\/[^/]+$/.test(apiUrl)) problems.push(`TWILIO_API_URL must be a base URL such as https://api.twilio.com (got "${apiUrl}")`)

  const fallback = get('TWILIO_WHATSAPP_SMS_FALLBACK') ?? 'false'
  if (!['true', 'false'].includes(fallback)) problems.push('TWILIO_WHATSAPP_SMS_FALLBACK must be true or false')
  const whatsappSmsFallback = fallback === 'true'
  if (whatsappSmsFallback && !smsFrom && !messagingServiceSid) problems.push('TWILIO_WHATSAPP_SMS_FALLBACK=true needs TWILIO_SMS_FROM or TWILIO_MESSAGING_SERVICE_SID to send the SMS')

  const segmentsRaw = get('TWILIO_MAX_SEGMENTS') ?? String(TWILIO_DEFAULTS.TWILIO_MAX_SEGMENTS)
  const maxSegments = Number(segmentsRaw)
  if (!/^\d+$/.test(segmentsRaw) || maxSegments < 1 || maxSegments > 10) problems.push(`TWILIO_MAX_SEGMENTS must be a whole number from 1 to 10 (got "${segmentsRaw}")`)

  if (problems.length) throw new ConfigError(problems.join('; '))
  return Object.freeze({
    accountSid,
    authToken: get('TWILIO_AUTH_TOKEN')!,
    smsFrom,
    whatsappFrom,
    messagingServiceSid,
    apiUrl,
    whatsappTemplateSid: templateSid,
    whatsappSmsFallback,
    maxSegments,
  })
}

function readSmsSender (raw: string | undefined, problems: string[]): string | undefined {
  if (!raw) return undefined
  // Short codes (5–6 digits) and alphanumeric sender ids (one-way only) are kept as they are.
  if (/^\d{5,6}$/.test(raw) || /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(raw)) return raw
  const e164 = toE164(raw)
  if (!e164) problems.push('TWILIO_SMS_FROM must be a phone number in E.164 form, a short code or an alphanumeric sender id')
  return e164
}
