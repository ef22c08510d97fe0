// Email addresses and French phone numbers (E.164, as Twilio and the identities table store them).
import { findPhoneNumbersInText } from 'libphonenumber-js'

// The shortest valid numbers in libphonenumber's metadata have 6 digits, country code included
// ("+43 1234", "+49 1234"): a text with fewer decimal digits (\p{Nd}, which its digit classes are
// part of) holds none, and skips its matcher. Dates, house numbers and "1 rdv" are that short.
const MIN_PHONE_DIGITS = /(?:\p{Nd}[^\p{Nd}]*){6}/u
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/

export const extractEmail = (text: string): string | null => EMAIL.exec(text)?.[0].toLowerCase() ?? null

/** The first valid phone number, national French formats assumed ("06 12 34 56 78", "+33 6…"). */
export const extractPhone = (text: string): string | null => {
  // Most messages have too few digits for a phone number, and skip libphonenumber's matcher (a tenth of a turn's CPU).
  if (!MIN_PHONE_DIGITS.test(text)) return null
  // Reference digits ("DEM202600042") must not be read as a phone number.
  const withoutReferences = text.replace(/\b[a-z]{2,5}[-_ ]?20\d{2}[-_ ]?\d{1,5}\b/gi, ' ')
  if (!MIN_PHONE_DIGITS.test(withoutReferences)) return null
  const found = findPhoneNumbersInText(withoutReferences, 'FR').find(match => match.number.isValid())
  return found?.number.number ?? null
}
