// Phone numbers in one form, E.164, so that SMS, WhatsApp and a number typed elsewhere meet on
// the same value (French numbers by default: "06 12 34 56 78" → "+33612345678").
import { parsePhoneNumberFromString } from 'libphonenumber-js'

export function toE164 (raw: string): string | undefined {
  const cleaned = raw.trim().replace(/^whatsapp:/i, '')
  if (!cleaned || cleaned.length > 40) return undefined
  const parsed = parsePhoneNumberFromString(cleaned, 'FR')
  return parsed?.isPossible() ? parsed.number : undefined
}
