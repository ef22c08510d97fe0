// Every reply goes through here once (intents/assistant.ts): times written « 8 h 30 » in French, then
// French typography and no doubled punctuation by typeset() of french-typography.ts (issue 16).
import type { Lang } from '../../src/domain.ts'
import { formatTime, typeset } from './french-typography.ts'
import { memoByLang } from './memo.ts'

/** "08:30" → "8 h 30", "12:00" → "12 h" (with non-breaking spaces). */
export const frenchTime = (time: string): string => formatTime(time, 'fr')

// Not inside URLs ("https://…:8080"): a time is digits:digits with no word character, slash or dot around.
const TIME = /(?<![\w/:.])([01]?\d|2[0-3]):([0-5]\d)(?![\w/:])/g

// Remembered per text: every reply is polished at every turn, and most are the same for everyone.
export const polish = memoByLang((text: string, lang: Lang): string =>
  typeset(lang === 'en' ? text : text.replace(TIME, (_, h: string, m: string) => frenchTime(`${h}:${m}`)), lang))
