// Bounded memos for the pure text functions a reply goes through. Most replies are made of the
// town's data (hours, menus, events, FAQ answers), the same for every citizen who asks the same
// day: setting them again at every turn was a tenth of the CPU of answering a message.
import type { Lang } from '../../src/domain.ts'

/** At most this many entries per memo and language; a full memo starts again empty (no LRU bookkeeping per hit). */
const LIMIT = 2_000

/** `fn` remembered per text and language. `fn` must depend on nothing else. */
export const memoByLang = (fn: (text: string, lang: Lang) => string, limit = LIMIT): (text: string, lang: Lang) => string => {
  const caches: Record<Lang, Map<string, string>> = { fr: new Map(), en: new Map() }
  return (text, lang) => {
    const cache = caches[lang]
    if (cache === undefined) return fn(text, lang)
    let out = cache.get(text)
    if (out === undefined) {
      out = fn(text, lang)
      if (cache.size >= limit) cache.clear()
      cache.set(text, out)
    }
    return out
  }
}
