// The questions the assistant did not understand or had to clarify (issue 15, item 6), grouped
// by similarity for managers, and an FAQ entry made from a group.
import type { Store } from '../db/transaction.ts'
import { unansweredQuestionsBetween } from '../db/unanswered-questions.ts'
import { inactiveFaqEntriesTagged } from '../db/town-faq-entries.ts'
import type { FaqEntry } from '../answerer.ts'
import type { Lang } from '../domain.ts'
import { CONFIDENCE_THRESHOLD } from '../../intents/assistant.ts'
import { groupQuestions, type QuestionGroup } from '../../intents/faq/grouping.ts'
import { FAQ_THRESHOLDS } from '../../intents/faq/decide.ts'
import { townFaqIndex } from '../../intents/faq/town-faq.ts'
import { loadTrainingExamples } from '../../intents/training-data.ts'
import { normalizeText } from '../../intents/normalize.ts'

/** At most this many recent questions are grouped per request (the grouping is quadratic). */
const MAX_QUESTIONS = 1000
const DAY_MS = 86_400_000
export const DEFAULT_DAYS = 30

export type Window = { from: Date, to: Date }

// What the citizens of every town ask: the word weights of the grouping (read once).
let background: { text: string, lang: Lang }[] | undefined

/** from/to as YYYY-MM-DD (to inclusive) or ISO date-times; the last 30 days by default. Null when unreadable. */
export const readWindow = (query: { from?: string, to?: string }, now = new Date()): Window | string => {
  const parse = (value: string | undefined, endOfDay: boolean): Date | null | undefined => {
    if (value === undefined || value === '') return undefined
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
    if (Number.isNaN(date.getTime())) return null
    return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(date.getTime() + DAY_MS) : date
  }
  const to = parse(query.to, true)
  const from = parse(query.from, false)
  if (to === null) return 'to: expected YYYY-MM-DD or an ISO date-time'
  if (from === null) return 'from: expected YYYY-MM-DD or an ISO date-time'
  const end = to ?? now
  const start = from ?? new Date(end.getTime() - DEFAULT_DAYS * DAY_MS)
  if (start >= end) return 'from: must be before to'
  return { from: start, to: end }
}

const faqIndex = townFaqIndex()

/**
 * Citizens' messages answered with out_of_scope or below the classifier's threshold (a clarification
 * or "not understood"); FAQ and fiche answers aside, and those the town's current FAQ entries now
 * match (a group turned into an entry leaves the list).
 */
export async function unansweredGroups (store: Store, window: Window, entries: FaqEntry[]): Promise<{ total: number, groups: QuestionGroup[] }> {
  const rows = await unansweredQuestionsBetween(store, window, CONFIDENCE_THRESHOLD, MAX_QUESTIONS)
  const { matcher } = faqIndex(entries)
  const questions = rows.map(r => ({ id: r.id, text: r.nluText ?? r.text, lang: (r.lang === 'en' ? 'en' : 'fr') as Lang, at: r.createdAt }))
    .filter(q => (matcher.rank(q.text, 1)[0]?.score ?? 0) < FAQ_THRESHOLDS.weak)
  background ??= loadTrainingExamples().map(({ text, lang }) => ({ text, lang }))
  return { total: questions.length, groups: groupQuestions(questions, background) }
}

/** The tag of an FAQ entry a manager proposed from a group (inactive until an administrator completes it). */
export const PROPOSAL_TAG = 'proposition'
export type Proposal = { id: string, at: string }

/** The proposed (still inactive) entries that hold one of each group's questions, by group id. */
export async function proposalsOf (store: Store, groups: QuestionGroup[]): Promise<Map<string, Proposal>> {
  const out = new Map<string, Proposal>()
  if (groups.length === 0) return out
  const rows = await inactiveFaqEntriesTagged(store, PROPOSAL_TAG)
  const byQuestion = new Map<string, Proposal>()
  for (const row of rows) {
    const questions = JSON.parse(row.questions) as { fr?: string[], en?: string[] }
    for (const q of [...questions.fr ?? [], ...questions.en ?? []]) byQuestion.set(normalizeText(q), { id: row.id, at: row.createdAt.toISOString() })
  }
  for (const g of groups) {
    const found = g.members.map(m => byQuestion.get(normalizeText(m.text))).find(p => p !== undefined)
    if (found !== undefined) out.set(g.id, found)
  }
  return out
}

export const groupView = (g: QuestionGroup, proposal?: Proposal) => ({ id: g.id, count: g.count, examples: g.examples, langs: g.langs, lastAt: g.lastAt.toISOString(), proposal: proposal ?? null })
