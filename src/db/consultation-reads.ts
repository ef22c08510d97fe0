// What a batch of turns needs to know about consultations (issue 20): which are open, and the
// latest outbound message of each identity (a consultation's question carries its id in meta).
import { asBool, asDate, placeholders } from './sql.ts'
import { sqlFor, type DbOrTx } from './transaction.ts'

export type OpenConsultation = { id: string, options: string, closesAt: Date, openInChat: boolean, question: { fr: string, en: string } }

export async function openConsultations (on: DbOrTx, now: Date): Promise<OpenConsultation[]> {
  const rows = await sqlFor(on).all<{ id: string, options: string, closesAt: unknown, openInChat: unknown, questionFr: string, questionEn: string }>(
    `SELECT "id", "options", "closesAt", "openInChat", "questionFr", "questionEn" FROM "Consultation" WHERE "closesAt" > ?`, [now])
  return rows.map(r => ({ id: r.id, options: r.options, closesAt: asDate(r.closesAt), openInChat: asBool(r.openInChat), question: { fr: r.questionFr, en: r.questionEn } }))
}

/** The meta of the latest outbound message on each of these identities' conversations. */
export async function latestOutboundMeta (on: DbOrTx, identityIds: string[]): Promise<{ identityId: string, meta: string | null }[]> {
  if (!identityIds.length) return []
  return sqlFor(on).all<{ identityId: string, meta: string | null }>(
    `SELECT c."identityId", m."meta" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
     WHERE m."id" IN (SELECT MAX(m2."id") FROM "Message" m2 JOIN "Conversation" c2 ON c2."id" = m2."conversationId"
                      WHERE c2."identityId" IN ${placeholders(identityIds.length)} AND m2."direction" = 'outbound' GROUP BY c2."identityId")`, identityIds)
}
