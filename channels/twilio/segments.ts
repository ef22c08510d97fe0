// SMS length arithmetic (3GPP TS 23.038): a text that fits the GSM-7 alphabet travels 160
// characters per SMS (153 per part once split); anything else is UCS-2, 70 (67 per part).
// "é", "è", "à" are GSM-7; "ê", "ç", "œ", "’" and emoji are not.

const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
// Extension table: each costs two septets (escape + character).
const GSM7_EXTENSION = '^{}\\[~]|€\f'
const BASIC = new Set(GSM7_BASIC)
const EXTENSION = new Set(GSM7_EXTENSION)

export type SmsEncoding = 'GSM-7' | 'UCS-2'
export type SegmentInfo = { encoding: SmsEncoding, units: number, segments: number }

// Typographic punctuation French text is full of, replaced by its GSM-7 twin so that one curly
// apostrophe does not halve the room of the whole SMS (what Twilio calls "smart encoding").
const LOOKALIKES: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u02BC': "'", '\u201C': '"', '\u201D': '"', '\u201E': '"', '«': '"', '»': '"',
  '\u2013': '-', '\u2014': '-', '\u2026': '...', '\u00A0': ' ', '\u202F': ' ', '\u2009': ' ',
}

export function toGsmFriendly (text: string): string {
  return text.replace(/«[\s\u00A0\u202F]*/g, '"').replace(/[\s\u00A0\u202F]*»/g, '"') // « texte » → "texte"
    .replace(/[\u2018\u2019\u201A\u02BC\u201C\u201D\u201E\u2013\u2014\u2026\u00A0\u202F\u2009]/g, c => LOOKALIKES[c] ?? c)
}

export function isGsm7 (text: string): boolean {
  for (const c of text) if (!BASIC.has(c) && !EXTENSION.has(c)) return false
  return true
}

export function segmentInfo (text: string): SegmentInfo {
  if (isGsm7(text)) {
    let units = 0
    for (const c of text) units += EXTENSION.has(c) ? 2 : 1
    return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) }
  }
  const units = text.length // UTF-16 code units: an emoji counts two
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) }
}

export type FittedText = { text: string, truncated: boolean } & SegmentInfo

/**
 * The text if it fits in maxSegments; otherwise cut at a sentence (else a word) with an ellipsis.
 * The ellipsis is "..." in GSM-7 so that it does not switch the whole SMS to UCS-2.
 */
export function fitToSegments (text: string, maxSegments: number): FittedText {
  const whole = segmentInfo(text)
  if (whole.segments <= maxSegments) return { text, truncated: false, ...whole }
  const ellipsis = whole.encoding === 'GSM-7' ? '...' : '…'
  const result = truncateAtSentence(text, candidate => segmentInfo(candidate).segments <= maxSegments, ellipsis)
  return { text: result, truncated: true, ...segmentInfo(result) }
}

/** The longest prefix ending at a sentence (else a word), plus the ellipsis, for which `fits` holds. */
export function truncateAtSentence (text: string, fits: (candidate: string) => boolean, ellipsis = '…'): string {
  if (fits(text)) return text
  const chars = Array.from(text)
  let low = 0
  let high = chars.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (fits(chars.slice(0, mid).join('').trimEnd() + ' ' + ellipsis)) low = mid
    else high = mid - 1
  }
  const prefix = chars.slice(0, low).join('')
  // The prefix may end exactly on a sentence when the original continues with a space.
  const atSentenceEnd = /[.!?…]$/.test(prefix) && /^\s/.test(chars.slice(low).join(''))
  const sentence = atSentenceEnd ? prefix.length : lastBoundary(prefix, /[.!?…](?=\s)|\n/g)
  return sentence !== undefined
    ? prefix.slice(0, sentence).trimEnd() + ' ' + ellipsis
    : prefix.slice(0, lastBoundary(prefix, /\s/g) ?? prefix.length).trimEnd() + ellipsis
}

/** Index just after the last match of `pattern` that keeps at least 30 % of the text. */
function lastBoundary (text: string, pattern: RegExp): number | undefined {
  let best: number | undefined
  for (const match of text.matchAll(pattern)) {
    const end = match.index + (match[0].trim() ? match[0].length : 0)
    if (end >= text.length * 0.3) best = end
  }
  return best
}
