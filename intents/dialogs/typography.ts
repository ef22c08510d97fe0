// French typography for every reply (issue 16): non-breaking spaces before « : ; ? ! » and inside
// « », no doubled punctuation, times written « 8 h 30 ». English replies only lose doubled punctuation.
import type { Lang } from '../../src/domain.ts'

const NBSP = '\u00A0'
const NNBSP = '\u202F'

/** "08:30" → "8 h 30", "12:00" → "12 h" (with non-breaking spaces). */
export const frenchTime = (time: string): string => {
  const [h, m] = time.split(':')
  return `${Number(h)}${NBSP}h${m === '00' ? '' : `${NBSP}${m}`}`
}

// Not inside URLs ("https://…"): a time is digits:digits with no word character or slash around.
const TIME = /(?<![\w/:.])([01]?\d|2[0-3]):([0-5]\d)(?![\w/:])/g

export const dedupePunctuation = (text: string): string =>
  text.replace(/(?<!\.)\.\.(?!\.)/g, '.').replace(/([?!…])\.(?!\.)/g, '$1').replace(/ \./g, '.')

export const polish = (text: string, lang: Lang): string => {
  const clean = dedupePunctuation(text)
  if (lang === 'en') return clean
  return clean
    .replace(TIME, (_, h: string, m: string) => frenchTime(`${h}:${m}`))
    .replace(/[ \u00A0\u202F]*([;?!])/g, (match, mark: string, offset: number, whole: string) =>
      // "?" right after a URL or at the very start stays as it is
      offset === 0 || /\S*https?:\/\/\S*$/.test(whole.slice(0, offset)) ? match : `${NNBSP}${mark}`)
    .replace(/ :(?=\s|$)/g, `${NBSP}:`)
    .replace(/«[ \u00A0\u202F]*/g, `«${NBSP}`)
    .replace(/[ \u00A0\u202F]*»/g, `${NBSP}»`)
}
