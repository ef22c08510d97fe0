// The Message repository: inbound messages as the core stores them, the reads a batch of turns
// needs, and what a turn writes back on its message. The frequent statements are multi-row
// hand-written SQL (src/db/sql.ts, the reasons there); Prisma's client only where a message
// carries attachments (a nested create each).
import { insertRowsReturningIds, bulkUpdateWhere } from './bulk-write.ts'
import { asBool, asDate, groupBy, groupedIn, inList } from './sql.ts'
import { prismaFor, sqlFor, type DbOrTx, type Transaction } from './transaction.ts'

/** A stored inbound message found again by its provider id (a redelivery). */
export type StoredInbound = { messageId: number, channel: string, externalId: string, conversationId: string, identityId: string, citizenId: string, createdAt: Date }

const STORED_COLUMNS = 'm."id", m."channel", m."externalId", m."conversationId", m."citizenId", m."createdAt", c."identityId"'
type StoredRow = { id: number, channel: string, externalId: string, conversationId: string, citizenId: string, createdAt: unknown, identityId: string }

const asStored = (m: StoredRow): StoredInbound => ({ messageId: m.id, channel: m.channel, externalId: m.externalId, conversationId: m.conversationId, identityId: m.identityId, citizenId: m.citizenId, createdAt: asDate(m.createdAt) })

/** The messages already stored under these (channel, provider id) pairs: one query for a batch. */
export async function findStoredInbound (on: DbOrTx, keys: { channel: string, externalId: string }[]): Promise<StoredInbound[]> {
  if (!keys.length) return []
  const byExternalId = groupedIn('m."channel"', 'm."externalId"', groupBy(keys, k => k.channel, k => k.externalId))
  const rows = await sqlFor(on).all<StoredRow>(`SELECT ${STORED_COLUMNS} FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" WHERE ${byExternalId.where}`, byExternalId.params)
  return rows.map(asStored)
}

export type InboundAttachmentRow = { filename: string, contentType: string, data?: Buffer | Uint8Array | null, sourceUrl?: string | null }

/** One inbound message as stored; `meta` is already serialised. */
export type InboundRow = {
  conversationId: string
  citizenId: string
  channel: string
  text: string
  nluText?: string
  externalId: string
  meta: string | null
  createdAt: Date
  attachments?: InboundAttachmentRow[]
}

/**
 * Stores inbound messages in the order given (ids grow with it) and returns their ids and times
 * in that order. Runs of plain messages are one multi-row INSERT; a message with attachments is a
 * nested create through Prisma's client.
 */
export async function insertInboundMessages (tx: Transaction, rows: InboundRow[]): Promise<{ id: number, createdAt: Date }[]> {
  const created: { id: number, createdAt: Date }[] = new Array(rows.length)
  let run: number[] = []
  const flushRun = async () => {
    if (!run.length) return
    const values = run.map(j => messageValues(rows[j]))
    const ids = await insertRowsReturningIds(tx.sql, 'Message', values)
    ids.forEach((id, k) => { created[run[k]] = { id, createdAt: values[k].createdAt } })
    run = []
  }
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]
    if (!row.attachments?.length) { run.push(j); continue }
    await flushRun()
    created[j] = await tx.prisma().message.create({
      data: {
        ...messageValues(row),
        attachments: { create: row.attachments.map(a => ({ filename: withoutNul(a.filename).slice(0, 200), contentType: a.contentType, size: a.data?.length ?? 0, data: a.data ? new Uint8Array(a.data) : null, sourceUrl: a.sourceUrl })) },
      },
      select: { id: true, createdAt: true },
    })
  }
  await flushRun()
  return created
}

function messageValues (row: InboundRow) {
  return {
    conversationId: row.conversationId,
    citizenId: row.citizenId,
    direction: 'inbound',
    author: 'citizen',
    channel: row.channel,
    text: withoutNul(row.text),
    nluText: row.nluText === undefined ? undefined : withoutNul(row.nluText),
    externalId: row.externalId,
    meta: row.meta,
    createdAt: row.createdAt,
  }
}

// PostgreSQL text cannot hold NUL (0x00): a citizen's stray NUL must not turn into a 500.
function withoutNul (text: string): string {
  return text.replaceAll('\u0000', '')
}

/**
 * A message with all its turn needs: its conversation (a batch never holds two messages of one
 * conversation), whether it is the conversation's first inbound message (it gets the assistant
 * notice), the citizen's language, whether it has attachments. One query per batch.
 */
export type TurnMessage = {
  id: number, conversationId: string, citizenId: string, channel: string, text: string, nluText: string | null, meta: string | null, processedAt: unknown,
  identityId: string, holder: string, assignedAgentId: string | null, lang: string | null, dialogState: string | null, misunderstandings: number, firstResponseAt: unknown, lastIntent: string | null,
  citizenLang: string | null, firstInboundId: number | null, hasAttachments: boolean,
  /** The service of the conversation's newest open ticket: whose working hours the citizen is told (issue 18). */
  serviceCode: string | null
}

const turnQuery = (list: string) => `SELECT m."id", m."conversationId", m."citizenId", m."channel", m."text", m."nluText", m."meta", m."processedAt",
    c."identityId", c."holder", c."assignedAgentId", c."lang", c."dialogState", c."misunderstandings", c."firstResponseAt", c."lastIntent", ci."lang" AS "citizenLang",
    (SELECT f."id" FROM "Message" f WHERE f."conversationId" = m."conversationId" AND f."direction" = 'inbound' ORDER BY f."id" LIMIT 1) AS "firstInboundId",
    EXISTS (SELECT 1 FROM "Attachment" a WHERE a."messageId" = m."id") AS "hasAttachments",
    (SELECT t."serviceCode" FROM "Ticket" t WHERE t."citizenId" = m."citizenId" AND t."conversationId" = m."conversationId"
      AND t."status" IN ('new', 'in_progress', 'waiting_citizen') ORDER BY t."createdAt" DESC LIMIT 1) AS "serviceCode"
  FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" JOIN "Citizen" ci ON ci."id" = m."citizenId"
  WHERE m."id" IN ${list} AND m."direction" = 'inbound' ORDER BY m."id"`
const turnQueries = new Map<string, string>()

/** These inbound messages with their conversation and citizen, in id order. */
export async function loadTurnMessages (on: DbOrTx, messageIds: number[]): Promise<TurnMessage[]> {
  if (!messageIds.length) return []
  const ids = inList(messageIds)
  let text = turnQueries.get(ids.list)
  if (text === undefined) turnQueries.set(ids.list, text = turnQuery(ids.list))
  const rows = await sqlFor(on).all<TurnMessage>(text, ids.params)
  for (const row of rows) row.hasAttachments = asBool(row.hasAttachments)
  return rows
}

export type AttachmentInfo = { id: string, messageId: number, contentType: string, filename: string }

export async function attachmentsOf (on: DbOrTx, messageIds: number[]): Promise<AttachmentInfo[]> {
  if (!messageIds.length) return []
  const ids = inList(messageIds)
  return sqlFor(on).all<AttachmentInfo>(`SELECT "id", "messageId", "contentType", "filename" FROM "Attachment" WHERE "messageId" IN ${ids.list}`, ids.params)
}

/** Marks messages handled without an answer (bounces, lists: never answered). */
export async function markProcessed (tx: Transaction, messageIds: number[], now: Date): Promise<void> {
  if (!messageIds.length) return
  const ids = inList(messageIds)
  await tx.sql.run(`UPDATE "Message" SET "processedAt" = ? WHERE "id" IN ${ids.list}`, [now, ...ids.params])
}

export type Understanding = { messageId: number, intent: string, confidence: number, lang: string }

/**
 * Claims the messages still unhandled, in this transaction, and records what the answerer
 * understood of each (one multi-row UPDATE); returns the ids it won. Another instance resuming
 * the same messages (or a second process on SQLite) waits for this transaction and then finds
 * them done, so nothing is answered twice (issue 19).
 */
export async function claimUnprocessed (tx: Transaction, rows: Understanding[], now: Date): Promise<Set<number>> {
  const won = await bulkUpdateWhere(tx.sql, 'Message', { processedAt: 'timestamp', intent: 'text', confidence: 'double', lang: 'text' },
    rows.map(r => ({ id: r.messageId, values: { processedAt: now, intent: r.intent, confidence: r.confidence, lang: r.lang } })),
    '"processedAt" IS NULL')
  return new Set(won)
}

/**
 * Inbound messages stored but never handled (the process stopped), oldest first. The condition is
 * written out, as the partial index Message_unprocessed_idx states it: SQLite uses a partial index
 * only for a query whose own terms, literals included, imply the index's.
 */
export async function unprocessedInbound (on: DbOrTx): Promise<{ id: number, citizenId: string }[]> {
  const rows = await sqlFor(on).all<{ id: number | bigint, citizenId: string }>(
    `SELECT "id", "citizenId" FROM "Message" WHERE "direction" = 'inbound' AND "processedAt" IS NULL ORDER BY "id"`)
  return rows.map(r => ({ id: Number(r.id), citizenId: r.citizenId }))
}

/** The message a provider's status callback is about. */
export async function findByProviderMessageId (on: DbOrTx, channel: string, providerMessageId: string) {
  return prismaFor(on).message.findFirst({ where: { channel, providerMessageId }, select: { id: true, deliveryStatus: true, conversationId: true } })
}

export async function setDeliveryStatus (on: DbOrTx, messageId: number, deliveryStatus: string, deliveryError: string | null): Promise<void> {
  await prismaFor(on).message.update({ where: { id: messageId }, data: { deliveryStatus, deliveryError } })
}

/** The citizen-visible messages of this identity's conversations after `afterMessageId`, oldest first. */
export async function historyOfIdentity (on: DbOrTx, identityId: string, afterMessageId: number, limit: number) {
  return prismaFor(on).message.findMany({
    // A send cancelled because the citizen sent STOP is not shown either: they get nothing there.
    where: { conversation: { identityId }, direction: { in: ['inbound', 'outbound'] }, id: { gt: afterMessageId }, NOT: { outbox: { is: { status: 'cancelled' } } } },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, direction: true, author: true, text: true, createdAt: true },
  })
}

/** The conversation of this citizen's newest message on `channel` carrying one of these provider ids (email threading). */
export async function conversationOfProviderIds (on: DbOrTx, channel: string, citizenId: string, ids: string[]): Promise<string | undefined> {
  if (!ids.length) return undefined
  const client = prismaFor(on)
  // One query per id column, each searched through its own index: with an OR of the two,
  // or with the channel in the provider-id query, SQLite read every message of the channel
  // (Message(channel, externalId) looked more selective to it). Provider ids match a few
  // messages at most; the channel is checked on those.
  const select = { id: true, channel: true, conversationId: true } as const
  const [byProviderId, byExternalId] = await Promise.all([
    client.message.findMany({ where: { citizenId, providerMessageId: { in: ids } }, select }),
    client.message.findMany({ where: { channel, citizenId, externalId: { in: ids } }, select }),
  ])
  const found = [...byProviderId, ...byExternalId].filter(m => m.channel === channel).sort((a, b) => b.id - a.id)[0]
  return found?.conversationId
}
