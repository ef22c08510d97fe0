// French typography for citizen-facing text: « 8 h 30 », « 02 00 00 00 10 », a narrow no-break
// space before ; ! ? and a no-break space before : and inside « ». English: "08:30", as elsewhere.
// The SMS channel turns these spaces back into plain ones (channels/twilio/segments.ts).
import type { Lang } from '../../src/domain.ts'
import { memoByLang } from './memo.ts'

export const NBSP = '\u00A0'
export const NNBSP = '\u202F'

/** "08:30" → « 8 h 30 », "09:00" → « 9 h », "24:00" → « minuit »; English keeps the 24-hour clock, "08:30". */
// Remembered: an hours answer writes a dozen times, out of a few dozen a town has.
export const formatTime = memoByLang((hhmm: string, lang: Lang): string => {
  const [hours, minutes] = hhmm.split(':').map(Number)
  if (lang === 'en') return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
  if (hours === 24) return 'minuit'
  return minutes === 0 ? `${hours}${NBSP}h` : `${hours}${NBSP}h${NBSP}${String(minutes).padStart(2, '0')}`
})

/** « de 8 h 30 à 12 h et de 13 h 30 à 17 h » / "from 08:30 to 12:00 and from 13:30 to 17:00". */
export const formatSlots = (slots: { from: string, to: string }[], lang: Lang): string => {
  const parts = slots.map(({ from, to }) => lang === 'en' ? `from ${formatTime(from, lang)} to ${formatTime(to, lang)}` : `de ${formatTime(from, lang)} à ${formatTime(to, lang)}`)
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${lang === 'en' ? 'and' : 'et'} ${parts[parts.length - 1]}`
}

/** « 8 h 30-12 h, 13 h 30-17 h » / "08:30-12:00, 13:30-17:00": the short form for a week. */
export const formatSlotsShort = (slots: { from: string, to: string }[], lang: Lang): string =>
  slots.map(({ from, to }) => `${formatTime(from, lang)}-${formatTime(to, lang)}`).join(', ')

// A town has a handful of numbers, written into every hours answer: each is formatted once.
const phones = new Map<string, string>()
const PHONES_LIMIT = 1_000

/** A French number in national format by pairs with no-break spaces: « 02 00 00 00 10 »; others as written. */
export const formatPhone = (phone: string): string => {
  let formatted = phones.get(phone)
  if (formatted === undefined) {
    formatted = formatPhoneOnce(phone)
    if (phones.size >= PHONES_LIMIT) phones.clear()
    phones.set(phone, formatted)
  }
  return formatted
}

const formatPhoneOnce = (phone: string): string => {
  const digits = phone.replace(/\(0\)/g, '').replace(/[^\d+]/g, '')
  const national = /^(?:\+33|0033)([1-9]\d{8})$/.exec(digits)?.[1] ?? /^0([1-9]\d{8})$/.exec(digits)?.[1]
  if (national === undefined) return phone.trim()
  return `0${national}`.match(/\d\d/g)!.join(NBSP)
}

// [^\s@] rather than \S before the @: \S+ would be retried from every position of every word.
const URL = /(https?:\/\/\S+|www\.\S+|[^\s@]+@[^\s@]+\.\w+)/

/**
 * Citizen-facing text set the French way (or left alone in English but for doubled punctuation).
 * Links and email addresses are kept as they are; "8:30" stays ("08:30" has no space after the colon).
 */
export const typeset = memoByLang((text: string, lang: Lang): string =>
  text.split(URL).map((part, i) => i % 2 === 1 ? part : typesetPart(part, lang)).join(''))

// Each rule runs only when the text has what it rewrites: a reply is set at every turn, and most
// replies have no doubled punctuation, no guillemets or no colon.
const DOUBLED = /[!?…,;:.]\s*[.,;:]/

const typesetPart = (text: string, lang: Lang): string => {
  let out = text
  if (DOUBLED.test(out)) {
    out = out
      .replace(/([!?…])\s*\.(?!\.)/g, '$1') // « ouvert ! . » → « ouvert ! »
      .replace(/(?<!\.)\.\s*\.(?!\.)/g, '.') // « obligatoire.. » → « obligatoire. »
      .replace(/\s*([,;:])\s*\./g, '.') // « horaires : . » → « horaires. »
      .replace(/([,;:])\s*\1/g, '$1')
  }
  if (lang === 'fr') {
    if (out.includes('«')) out = out.replace(/«[\s\u00A0\u202F]*/g, `«${NBSP}`)
    if (out.includes('»')) out = out.replace(/[\s\u00A0\u202F]*»/g, `${NBSP}»`)
    if (/[;!?]/.test(out)) out = out.replace(/[ \u00A0\u202F]*([;!?])(?=[\s»"')]|$)/g, `${NNBSP}$1`)
    if (out.includes(':')) out = out.replace(/[ \u00A0\u202F]*:(?=[\s»"']|$)/g, `${NBSP}:`)
  }
  return out.includes('  ') ? out.replace(/ {2,}/g, ' ') : out
}
