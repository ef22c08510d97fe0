// The Consultation and ConsultationAnswer repository (issue 20): what managers ask, what citizens
// answer (one answer per citizen, the last one counts), the tallies, and who waits for the result.
// Tallies are grouped in the database: 10,000 answers are one GROUP BY, not 10,000 rows. What a
// batch of turns reads of open consultations: consultation-reads.ts.
import { prismaFor, sqlFor, type DbOrTx } from './transaction.ts'

export type ConsultationRow = { id: string, questionFr: string, questionEn: string, options: string, topic: string | null, closesAt: Date, createdAt: Date }
const ROW = { id: true, questionFr: true, questionEn: true, options: true, topic: true, closesAt: true, createdAt: true } as const

export async function createConsultation (on: DbOrTx, fields: { questionFr: string, questionEn: string, options: string, topic: string | null, openInChat: boolean, closesAt: Date, createdById: string }): Promise<{ id: string }> {
  return prismaFor(on).consultation.create({ data: fields, select: { id: true } })
}

/** The newest consultations (`limit` at most). */
export async function latestConsultations (on: DbOrTx, limit: number): Promise<ConsultationRow[]> {
  return prismaFor(on).consultation.findMany({ orderBy: { createdAt: 'desc' }, take: limit, select: ROW })
}

export async function consultationById (on: DbOrTx, id: string): Promise<ConsultationRow | null> {
  return prismaFor(on).consultation.findUnique({ where: { id }, select: ROW })
}

/** It closes at `at` (now: a manager closed it early). */
export async function setClosesAt (on: DbOrTx, id: string, at: Date): Promise<void> {
  await prismaFor(on).consultation.update({ where: { id }, data: { closesAt: at } })
}

/** The consultations closed by `now` (only `id`'s when given). */
export async function closedConsultationIds (on: DbOrTx, now: Date, id?: string): Promise<string[]> {
  const rows = await prismaFor(on).consultation.findMany({ where: { ...(id ? { id } : {}), closesAt: { lte: now } }, select: { id: true } })
  return rows.map(r => r.id)
}

/** Answers whose citizen asked for the result and was not told it yet (`limit` at most). */
export async function answersWaitingForResult (on: DbOrTx, consultationId: string, limit: number): Promise<{ id: string, citizenId: string }[]> {
  return prismaFor(on).consultationAnswer.findMany({ where: { consultationId, wantsResult: true }, take: limit, select: { id: true, citizenId: true } })
}

/** These citizens were told the result. */
export async function resultToldFor (on: DbOrTx, answerIds: string[]): Promise<void> {
  await prismaFor(on).consultationAnswer.updateMany({ where: { id: { in: answerIds } }, data: { wantsResult: false } })
}

/** The citizen wants the result at closing (« RÉSULTAT »): on their answer, if they gave one. */
export async function askForResult (on: DbOrTx, consultationId: string, citizenId: string): Promise<void> {
  await prismaFor(on).consultationAnswer.updateMany({ where: { consultationId, citizenId }, data: { wantsResult: true } })
}

/** The citizen's answer, replacing their previous one. */
export async function saveAnswer (on: DbOrTx, answer: { consultationId: string, citizenId: string, channel: string, optionIndex: number | null, text: string | null, now: Date }): Promise<void> {
  const { consultationId, citizenId, channel, optionIndex, text, now } = answer
  await prismaFor(on).consultationAnswer.upsert({
    where: { consultationId_citizenId: { consultationId, citizenId } },
    create: { consultationId, citizenId, channel, optionIndex, text, createdAt: now, updatedAt: now },
    update: { channel, optionIndex, text, updatedAt: now },
  })
}

/** How many answers per channel and option (optionIndex null: free text). */
export async function answerCounts (on: DbOrTx, consultationId: string): Promise<{ channel: string, optionIndex: number | null, count: number }[]> {
  const rows = await sqlFor(on).all<{ channel: string, optionIndex: unknown, n: unknown }>(
    'SELECT "channel", "optionIndex", COUNT(*) AS "n" FROM "ConsultationAnswer" WHERE "consultationId" = ? GROUP BY "channel", "optionIndex"', [consultationId])
  return rows.map(r => ({ channel: r.channel, optionIndex: r.optionIndex === null ? null : Number(r.optionIndex), count: Number(r.n) }))
}

/** How many times each free text was answered (exact texts; grouping alike ones is the caller's). */
export async function freeTextCounts (on: DbOrTx, consultationId: string): Promise<{ text: string | null, count: number }[]> {
  const rows = await sqlFor(on).all<{ text: string | null, n: unknown }>(
    'SELECT "text", COUNT(*) AS "n" FROM "ConsultationAnswer" WHERE "consultationId" = ? AND "text" IS NOT NULL GROUP BY "text"', [consultationId])
  return rows.map(r => ({ text: r.text, count: Number(r.n) }))
}
