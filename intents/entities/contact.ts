// Email addresses and French phone numbers (E.164, as Twilio and the identities table store them).
import { findPhoneNumbersInText } from 'libphonenumber-js'

const ANY_DIGIT = /\p{Nd}/u
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/

export const extractEmail = (text: string): string | null => EMAIL.exec(text)?.[0].toLowerCase() ?? null

/** The first valid phone number, national French formats assumed ("06 12 34 56 78", "+33 6…"). */
export const extractPhone = (text: string): string | null => {
  // libphonenumber's candidates start with a run of decimal digits (\p{Nd}, which its digit classes
  // are part of): most messages have none, and they skip its matcher (a tenth of a turn's CPU).
  if (!ANY_DIGIT.test(text)) return null
  // Reference digits ("DEM202600042") must not be read as a phone number.
  const withoutReferences = text.replace(/\b[a-z]{2,5}[-_ ]?20\d{2}[-_ ]?\d{1,5}\b/gi, ' ')
  const found = findPhoneNumbersInText(withoutReferences, 'FR').find(match => match.number.isValid())
  return found?.number.number ?? null
}
