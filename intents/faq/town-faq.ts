// The town's FAQ and the national fiches in the conversation: which entry answers a message, if
// any, and the reply. Indexes live in memory: the town's is rebuilt when its entries change (a new
// array with other content), the intents' examples and the fiches are indexed once.
import type { FaqEntry } from '../../src/answerer.ts'
import type { Lang } from '../../src/domain.ts'
import type { Example } from '../training-data.ts'
import { FAQ_MODEL, townEntryAnswers, townEntryMightAnswer, type FaqSituation } from './decide.ts'
import { buildMatcher, type Matcher, type MatchDoc, type MatcherSettings } from './matcher.ts'

/** The town entries' matcher: words no entry has weigh more than in the defaults (chosen with npm run faq:cv). */
export const TOWN_FAQ_SETTINGS: Partial<MatcherSettings> = { unknownWeight: 0.5 }

export const entryDoc = (e: FaqEntry): MatchDoc => {
  const extra = `${e.redirect?.name ?? ''} ${e.tags.join(' ')}`
  return { id: e.id, phrasings: e.questions, context: { fr: `${e.answer.fr} ${extra}`, en: `${e.answer.en} ${extra}` } }
}

/** The matcher of the current entries, rebuilt only when their content changes. */
export const townFaqIndex = () => {
  let last: { entries: FaqEntry[], fingerprint: string, matcher: Matcher, byId: Map<string, FaqEntry> } | null = null
  return (entries: FaqEntry[]) => {
    if (last?.entries === entries) return last
    const fingerprint = JSON.stringify(entries)
    if (last?.fingerprint === fingerprint) return (last = { ...last, entries })
    return (last = { entries, fingerprint, matcher: buildMatcher(entries.map(entryDoc), TOWN_FAQ_SETTINGS), byId: new Map(entries.map(e => [e.id, e])) })
  }
}

/** The classifier's examples as one document per intent (out_of_scope aside: it is what the FAQ fills; the
 * lines marked as FAQ topics aside: the intent does not own them against the town's entries),
 * scored like the town's entries (best example and the intent as a whole) so the two scores compare. A
 * message is scored against its predicted intent only (scoreOf: the postings are split by intent). */
export const intentExamplesMatcher = (examples: Example[]): Matcher => {
  const byIntent = new Map<string, MatchDoc>()
  for (const e of examples) {
    if (e.intent === 'out_of_scope' || e.faqTopic === true) continue
    let doc = byIntent.get(e.intent)
    if (doc === undefined) byIntent.set(e.intent, doc = { id: e.intent, phrasings: { fr: [], en: [] } })
    doc.phrasings[e.lang].push(e.text)
  }
  return buildMatcher([...byIntent.values()], TOWN_FAQ_SETTINGS, { byDoc: true })
}

export const faqReply = (entry: FaqEntry, lang: Lang): string => {
  const link = entry.link === null ? '' : ` ${entry.link}`
  if (entry.redirect === null) return `${entry.answer[lang]}${link}`
  const { name, contact } = entry.redirect
  return lang === 'en'
    ? `This is not handled by the town hall: ${name}, ${contact}. ${entry.answer.en}${link}`
    : `Ce n'est pas la mairie qui s'en occupe : ${name}, ${contact}. ${entry.answer.fr}${link}`
}

export type FaqPick = { entry: FaqEntry, score: number }

/** The town entry that answers the message in this situation, or null. */
export const pickTownEntry = (matcher: Matcher, byId: Map<string, FaqEntry>, text: string, normalized: string, situation: FaqSituation): FaqPick | null => {
  if (!townEntryMightAnswer(situation)) return null
  const [top, next] = matcher.rank(text, 2, normalized)
  if (top === undefined || top.score < FAQ_MODEL.floor) return null
  const evidence = { score: top.score, second: next?.score ?? 0, phrasing: top.phrasing, coverage: matcher.coverage(top.id, text, normalized) }
  if (!townEntryAnswers(evidence, situation)) return null
  const entry = byId.get(top.id)
  return entry === undefined ? null : { entry, score: top.score }
}
