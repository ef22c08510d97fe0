// Phones and emails a citizen typed in their messages: the basis of merge suggestions.
// Only suggestions: a merge is always confirmed by an agent (LESSONS.md, Chatwoot #2811).
import { parsePhoneNumberFromString } from 'libphonenumber-js'

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu
// A French national number or an international one; never digits glued to a word or a dash (DEM-2026-00042).
const PHONE = /(?<![\w-])(?:0[1-9](?:[ .-]?\d{2}){4}|(?:\+|00)[1-9][\d .-]{6,16}\d)(?![\w-])/g

export function contactDetails (text: string): { emails: string[], phones: string[] } {
  const emails = new Set((text.match(EMAIL) ?? []).map(e => e.toLowerCase()))
  const phones = new Set<string>()
  for (const raw of text.match(PHONE) ?? []) {
    const phone = parsePhoneNumberFromString(raw.replace(/^00/, '+'), 'FR')
    if (phone?.isValid()) phones.add(phone.number)
  }
  return { emails: [...emails], phones: [...phones] }
}
