// Tallying a consultation (issue 20): counts per option, per channel, and free-text answers
// grouped for reading. Grouped in the database: 10,000 answers are one GROUP BY, not 10,000 rows.
import type { Store } from '../db/transaction.ts'
import { answerCounts, consultationById, freeTextCounts } from '../db/consultations.ts'
import { AppError } from '../errors.ts'
import { toCsv } from '../inbox/search/csv.ts'
import { normalise, type ConsultationOption } from './parse-answer.ts'

export type OptionCount = { index: number, label: { fr: string, en: string }, count: number }
export type Results = {
  id: string
  question: { fr: string, en: string }
  closesAt: Date
  closed: boolean
  total: number
  options: OptionCount[]
  byChannel: Record<string, { total: number, options: { index: number, count: number }[] }>
  freeText: { text: string, count: number }[]
}

const FREE_TEXT_GROUPS = 200

export async function consultationResults (store: Store, id: string, now = new Date()): Promise<Results> {
  const consultation = await consultationById(store, id)
  if (!consultation) throw new AppError('not_found', 'No such consultation')
  const options = JSON.parse(consultation.options) as ConsultationOption[]
  const rows = await answerCounts(store, id)
  const counts = new Map<number, number>()
  const byChannel: Results['byChannel'] = {}
  let total = 0
  for (const row of rows) {
    const n = row.count
    total += n
    const channel = byChannel[row.channel] ??= { total: 0, options: options.map((_, i) => ({ index: i + 1, count: 0 })) }
    channel.total += n
    if (row.optionIndex === null) continue
    const index = row.optionIndex
    counts.set(index, (counts.get(index) ?? 0) + n)
    const slot = channel.options.find(o => o.index === index)
    if (slot) slot.count += n
  }
  const freeText = options.length ? [] : await groupFreeText(store, id)
  return {
    id,
    question: { fr: consultation.questionFr, en: consultation.questionEn },
    closesAt: consultation.closesAt,
    closed: consultation.closesAt <= now,
    total,
    options: options.map((label, i) => ({ index: i + 1, label, count: counts.get(i + 1) ?? 0 })),
    byChannel,
    freeText,
  }
}

/** Free-text answers, the same words (case, accents, punctuation aside) counted together, most frequent first. */
async function groupFreeText (store: Store, id: string): Promise<{ text: string, count: number }[]> {
  const rows = await freeTextCounts(store, id)
  const groups = new Map<string, { text: string, count: number }>()
  for (const row of rows) {
    if (!row.text) continue
    const key = normalise(row.text)
    const group = groups.get(key) ?? { text: row.text, count: 0 }
    group.count += row.count
    groups.set(key, group)
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)).slice(0, FREE_TEXT_GROUPS)
}

export function resultsCsv (results: Results): string {
  const channels = Object.keys(results.byChannel).sort()
  if (!results.options.length) return toCsv(['answer', 'count'], results.freeText.map(f => [f.text, f.count]))
  return toCsv(['option', 'label', 'total', ...channels], results.options.map(o => [
    o.index, o.label.fr, o.count, ...channels.map(c => results.byChannel[c].options.find(x => x.index === o.index)?.count ?? 0),
  ]))
}
