// The FaqEntry repository: the town's FAQ entries and redirections as administrators edit them
// (/api/town/faq), as the assistant reads them (active ones, through the town data cache), and the
// inactive entries managers propose from unanswered questions. The whole list is written by a town
// import (src/db/town-file-rows.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

/** An entry as stored: questions and tags are JSON texts. */
export type StoredFaqEntry = {
  id: string, questions: string, answerFr: string, answerEn: string, link: string | null, tags: string, active: boolean,
  redirectName: string | null, redirectContact: string | null, position: number, createdAt: Date, updatedAt: Date
}
/** What an administrator writes of an entry (the position is kept when absent). */
export type FaqEntryFields = {
  questions: string, answerFr: string, answerEn: string, link: string | null, tags: string, active: boolean,
  redirectName: string | null, redirectContact: string | null, position?: number
}

const IN_ORDER = [{ position: 'asc' as const }, { createdAt: 'asc' as const }]

/** Every entry, in the town file's order. */
export async function faqEntriesInOrder (on: DbOrTx): Promise<StoredFaqEntry[]> {
  return prismaFor(on).faqEntry.findMany({ orderBy: IN_ORDER })
}

/** The entries the assistant answers with, in the town file's order. */
export async function activeFaqEntries (on: DbOrTx): Promise<StoredFaqEntry[]> {
  return prismaFor(on).faqEntry.findMany({ where: { active: true }, orderBy: IN_ORDER })
}

export async function faqEntryExists (on: DbOrTx, id: string): Promise<boolean> {
  return await prismaFor(on).faqEntry.findUnique({ where: { id }, select: { id: true } }) !== null
}

/** The position after the last entry (a new entry goes last). */
export async function nextFaqPosition (on: DbOrTx): Promise<number> {
  const last = await prismaFor(on).faqEntry.aggregate({ _max: { position: true } })
  return (last._max.position ?? 0) + 1
}

export async function createFaqEntry (on: DbOrTx, id: string, fields: FaqEntryFields): Promise<void> {
  await prismaFor(on).faqEntry.create({ data: { id, ...fields } })
}

export async function updateFaqEntry (on: DbOrTx, id: string, fields: FaqEntryFields): Promise<void> {
  await prismaFor(on).faqEntry.update({ where: { id }, data: fields })
}

/** False when there was no such entry. */
export async function deleteFaqEntry (on: DbOrTx, id: string): Promise<boolean> {
  const { count } = await prismaFor(on).faqEntry.deleteMany({ where: { id } })
  return count > 0
}

/** The inactive entries tagged `tag` (the tags column is a JSON array), with their questions' JSON. */
export async function inactiveFaqEntriesTagged (on: DbOrTx, tag: string): Promise<{ id: string, questions: string, createdAt: Date }[]> {
  return prismaFor(on).faqEntry.findMany({ where: { active: false, tags: { contains: `"${tag}"` } }, select: { id: true, questions: true, createdAt: true } })
}
