// Carrier-style keywords answer before the classifier, whatever the conversation state:
// an SMS sender must always be able to stop messages with one word (CNIL / ARCEP practice, Twilio's STOP handling).
import type { KeywordIntent } from './catalog.ts'
import { foldAccents } from './normalize.ts'

const KEYWORDS: Record<string, KeywordIntent> = {
  'stop': 'opt_out',
  'arret': 'opt_out',
  'stop sms': 'opt_out',
  'stopsms': 'opt_out',
  'unsubscribe': 'opt_out',
  'desabonner': 'opt_out',
  'start': 'opt_in',
  'unstop': 'opt_in',
  'aide': 'help',
  'help': 'help'
}

export type KeywordMatch = { intent: KeywordIntent, keyword: string }

// ASCII characters that reach the key unchanged (case aside) and are in no keyword: not a
// letter of one, not whitespace, not "." or "!". A message holding one (a "?", a digit, a "j")
// cannot be a keyword, and most messages skip folding and cleaning the whole text.
const KEYWORD_CHARS = new Set(Object.keys(KEYWORDS).join(''))
const NEVER_IN_KEYWORD = new RegExp(`[${Array.from({ length: 128 }, (_, code) => String.fromCharCode(code))
  .filter(c => !/\s/.test(c) && c !== '.' && c !== '!' && !KEYWORD_CHARS.has(c.toLowerCase()))
  .map(c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')}]`)

/** A whole-message keyword (any case, accents, surrounding spaces or a final "."/"!"), or null. */
export const matchKeyword = (text: string): KeywordMatch | null => {
  if (NEVER_IN_KEYWORD.test(text)) return null
  const key = foldAccents(text.toLowerCase()).replace(/[.!]+$/, '').trim().replace(/\s+/g, ' ')
  // Own keys only: "constructor" or "__proto__" are words a citizen may write, not keywords.
  const intent = Object.hasOwn(KEYWORDS, key) ? KEYWORDS[key] : undefined
  return intent === undefined ? null : { intent, keyword: key.toUpperCase() }
}
