// The outbox repository. Writing: every outbound message is a Message row plus an OutboxItem row,
// written in the same transaction as whatever caused it (the transactional outbox). Delivering:
// below, what the outbox worker claims, reads and records.
import { orderedId } from './ordered-id.ts'
import type { Db } from './client.ts'
import { bulkUpdate, insertRows, insertRowsReturningIds } from './bulk-write.ts'
import { insertByJson, type ArrayColumnType } from './json-insert.ts'
import { asDate, asDateOrNull, inList, type Sql } from './sql.ts'
import { isTransaction, prismaFor, sqlFor, type DbOrTx, type Transaction } from './transaction.ts'
import type { MessageAuthor } from '../domain.ts'

export type EnqueueInput = {
  conversationId: string
  citizenId: string
  channel: string
  text: string
  author: Exclude<MessageAuthor, 'citizen'>
  agentId?: string
  lang?: string
  /** Send no earlier than this (quiet hours); the reason is shown to agents. */
  notBefore?: Date
  heldReason?: string
  /** The STOP confirmation itself must still reach the citizen. */
  bypassOptOut?: boolean
  meta?: Record<string, unknown>
  /** The broadcast that planned this row (issue 20): progress, figures, cancel. */
  broadcastId?: string
  now: Date
}

export async function enqueueOutbound (on: DbOrTx, input: EnqueueInput) {
  return prismaFor(on).message.create({ data: { ...messageRow(input), outbox: { create: outboxRow(input) } } })
}

/**
 * The same for many messages at once (a batch of turns): two multi-row INSERTs instead of two
 * statements per message. Messages keep the order given (ids grow with it).
 */
export async function enqueueOutboundMany (on: Sql | Transaction, inputs: EnqueueInput[]): Promise<{ id: number }[]> {
  if (!inputs.length) return []
  const sql = isTransaction(on) ? on.sql : on
  const ids = await insertRowsReturningIds(sql, 'Message', inputs.map(messageRow))
  await insertRows(sql, 'OutboxItem', inputs.map((input, i) => ({ id: orderedId(), status: 'pending', attempts: 0, ...outboxRow(input), messageId: ids[i] })))
  return ids.map(id => ({ id }))
}

/**
 * enqueueOutboundMany for a broadcast's thousands of rows (issue 20): on PostgreSQL the rows as
 * one JSON parameter (json-insert.ts) instead of 13 parameters per message.
 */
export async function enqueueOutboundBulk (on: Sql | Transaction, inputs: EnqueueInput[]): Promise<{ id: number }[]> {
  const sql = isTransaction(on) ? on.sql : on
  if (sql.provider !== 'postgresql' || !inputs.length) return enqueueOutboundMany(sql, inputs)
  const ids = await insertByJson(sql, 'Message', MESSAGE_COLUMNS, inputs.map(messageRow), true)
  await insertByJson(sql, 'OutboxItem', OUTBOX_COLUMNS, inputs.map((input, i) => ({ id: orderedId(), status: 'pending', attempts: 0, ...outboxRow(input), messageId: ids[i] })))
  return ids.map(id => ({ id }))
}

const MESSAGE_COLUMNS: Record<keyof ReturnType<typeof messageRow>, ArrayColumnType> = {
  conversationId: 'text', citizenId: 'text', direction: 'text', author: 'text', agentId: 'text', channel: 'text', text: 'text', lang: 'text',
  isAutomatic: 'boolean', deliveryStatus: 'text', meta: 'text', createdAt: 'timestamp',
}
const OUTBOX_COLUMNS: Record<string, ArrayColumnType> = {
  id: 'text', status: 'text', attempts: 'integer', channel: 'text', nextAttemptAt: 'timestamp', heldReason: 'text', createdAt: 'timestamp', broadcastId: 'text', messageId: 'integer',
}

const isHeld = (input: EnqueueInput) => Boolean(input.notBefore && input.notBefore > input.now)

function messageRow (input: EnqueueInput) {
  const meta = { ...input.meta, ...(input.bypassOptOut ? { bypassOptOut: true } : {}) }
  return {
    conversationId: input.conversationId,
    citizenId: input.citizenId,
    direction: 'outbound',
    author: input.author,
    agentId: input.agentId ?? null,
    channel: input.channel,
    text: input.text,
    lang: input.lang ?? null,
    isAutomatic: input.author === 'bot',
    deliveryStatus: isHeld(input) ? 'held' : 'pending',
    meta: Object.keys(meta).length ? JSON.stringify(meta) : null,
    createdAt: input.now,
  }
}

function outboxRow (input: EnqueueInput) {
  const held = isHeld(input)
  return {
    channel: input.channel, nextAttemptAt: held ? input.notBefore! : input.now, heldReason: held ? input.heldReason ?? null : null, createdAt: input.now,
    ...(input.broadcastId ? { broadcastId: input.broadcastId } : {}),
  }
}

// Delivering: the outbox worker (src/core/outbox-worker.ts) claims due rows, reads what a send
// needs, and records the outcome. Hand-written multi-row SQL: a batch is up to OUTBOX_BATCH rows.

// Due: pending, its time has come, and nobody holds a live lease on it; `status`: how the column
// is read (the claim reads it through COALESCE once, below).
const dueWhere = (status: string) => `${status} = 'pending' AND "nextAttemptAt" <= ? AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)`
const DUE = dueWhere('"status"')
const DUE_AGAIN = dueWhere('COALESCE("status", \'\')')

/** The outbox's two lanes (src/core/outbox-worker.ts): the conversations' own rows, and broadcasts' rows. */
export type OutboxLane = 'conversations' | 'broadcasts'

/**
 * Claims up to `limit` due rows of one lane under a new lease; returns the ids it won. One UPDATE
 * claims the batch and says which rows it won (the same on SQLite and PostgreSQL, and safe with
 * several instances: the outer condition is checked again on each row). A row claimed again while
 * it still carries a lease gets `outcomeUnknown` as its lastError (its last attempt never finished).
 */
export async function claimDueOutboxItems (on: DbOrTx, input: { now: Date, leaseUntil: Date, leaseId: string, limit: number, outcomeUnknown: string, lane: OutboxLane }): Promise<string[]> {
  const { now } = input
  const lane = input.lane === 'broadcasts' ? '"broadcastId" IS NOT NULL' : '"broadcastId" IS NULL'
  const claimed = await sqlFor(on).all<{ id: string }>(
    // The outer check again, written so that no index is used for it (COALESCE): SQLite would
    // otherwise walk every due row, a broadcast's 50,000 included, rather than the claimed ids.
    `UPDATE "OutboxItem" SET "lockedUntil" = ?, "leaseId" = ?, "lastError" = CASE WHEN "leaseId" IS NULL THEN "lastError" ELSE ? END WHERE "id" IN (SELECT "id" FROM "OutboxItem" WHERE ${DUE} AND ${lane} ORDER BY "nextAttemptAt", "messageId" LIMIT ${Number(input.limit)}) AND ${DUE_AGAIN} RETURNING "id"`,
    [input.leaseUntil, input.leaseId, input.outcomeUnknown, now, now, now, now])
  return claimed.map(c => c.id)
}

// Everything a send needs, for the whole batch in one query: the row, its message, the
// conversation's identity, its latest ticket and the latest inbound message on the
// conversation's own channel (email threading headers), both found through indexes.
// Everything a send needs, for the whole batch in one query: the row, its message, the
// conversation's identity, its latest ticket (found through an index) and both places a
// channel's reply reference may be kept (ChannelAdapter.replyReferenceScope).
const DELIVERY_COLUMNS = `o."id", o."messageId", o."channel", o."attempts", o."lastError",
  m."conversationId", m."text", m."author", m."lang", m."meta", m."createdAt",
  c."lang" AS "conversationLang", c."subject", c."replyReference",
  i."kind", i."value", i."citizenId", i."replyContext", i."lastInboundAt", i."optedOutAt",
  (SELECT t."reference" FROM "Ticket" t WHERE t."conversationId" = c."id" ORDER BY t."createdAt" DESC LIMIT 1) AS "ticketReference"`
const DELIVERY_FROM = `"OutboxItem" o JOIN "Message" m ON m."id" = o."messageId" JOIN "Conversation" c ON c."id" = m."conversationId" JOIN "Identity" i ON i."id" = c."identityId"`

/** A claimed row with what its send needs. */
export type DueItem = {
  id: string, messageId: number, channel: string, attempts: number, lastError: string | null,
  conversationId: string, text: string, author: string, lang: string | null, meta: string | null, createdAt: Date,
  conversationLang: string | null, subject: string | null, replyReference: string | null,
  kind: string, value: string, citizenId: string, replyContext: string | null, lastInboundAt: Date | null, optedOutAt: unknown,
  ticketReference: string | null,
}

/** The claimed rows with what their sends need, in message order. */
export async function loadDueItems (on: DbOrTx, ids: string[]): Promise<DueItem[]> {
  if (!ids.length) return []
  const due = inList(ids)
  const rows = await sqlFor(on).all<DueItem>(`SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE o."id" IN ${due.list} ORDER BY o."messageId"`, due.params)
  for (const row of rows) {
    row.createdAt = asDate(row.createdAt)
    row.lastInboundAt = asDateOrNull(row.lastInboundAt)
  }
  return rows
}

/** Whether a claimed row is still to be sent (a broadcast's cancel marks its waiting rows cancelled). */
export async function isStillPending (on: DbOrTx, outboxId: string): Promise<boolean> {
  const rows = await sqlFor(on).all<{ status: string }>(`SELECT "status" FROM "OutboxItem" WHERE "id" = ?`, [outboxId])
  return rows[0]?.status === 'pending'
}

/** Claimed rows whose send waits for a later slot (a broadcast's pace): back to the outbox, unleased. */
export async function postponeOutboxItems (on: DbOrTx, rows: { id: string, at: Date }[]): Promise<void> {
  await bulkUpdate(sqlFor(on), 'OutboxItem', { nextAttemptAt: 'timestamp', lockedUntil: 'timestamp', leaseId: 'text' },
    rows.map(d => ({ id: d.id, values: { nextAttemptAt: d.at, lockedUntil: null, leaseId: null } })))
}

export type SentItem = { outboxId: string, messageId: number, providerMessageId: string, deliveryStatus: string, meta?: string }

/** A batch's successful sends: the rows sent, their messages' provider ids and status. */
export async function recordSent (tx: Transaction, sent: SentItem[], now: Date): Promise<void> {
  if (!sent.length) return
  const ids = inList(sent.map(s => s.outboxId))
  await tx.sql.run(
    `UPDATE "OutboxItem" SET "status" = 'sent', "attempts" = "attempts" + 1, "sentAt" = ?, "lockedUntil" = NULL, "leaseId" = NULL, "lastError" = NULL, "heldReason" = NULL WHERE "id" IN ${ids.list}`,
    [now, ...ids.params])
  await bulkUpdate(tx.sql, 'Message', { providerMessageId: 'text', deliveryStatus: 'text', deliveryError: 'text' },
    sent.map(s => ({ id: s.messageId, values: { providerMessageId: s.providerMessageId, deliveryStatus: s.deliveryStatus, deliveryError: null } })))
  const withMeta = sent.filter(s => s.meta)
  await bulkUpdate(tx.sql, 'Message', { meta: 'text' }, withMeta.map(s => ({ id: s.messageId, values: { meta: s.meta! } })))
}

/** A send that ends without going out: the row (failed, or cancelled after STOP) and its message, together. */
export async function finishOutboxItem (db: Db, input: { outboxId: string, messageId: number, status: 'failed' | 'cancelled', lastError: string, attempts?: number }): Promise<void> {
  const { outboxId, messageId, status, lastError, attempts } = input
  await db.$transaction([
    db.outboxItem.update({ where: { id: outboxId }, data: { status, lastError, lockedUntil: null, leaseId: null, ...(attempts ? { attempts } : {}) } }),
    db.message.update({ where: { id: messageId }, data: { deliveryStatus: 'failed', deliveryError: lastError } }),
  ])
}

/** A failed attempt to try again at `nextAttemptAt`. */
export async function scheduleRetry (on: DbOrTx, input: { outboxId: string, attempts: number, lastError: string, nextAttemptAt: Date }): Promise<void> {
  await prismaFor(on).outboxItem.update({
    where: { id: input.outboxId },
    data: { attempts: input.attempts, lastError: input.lastError, lockedUntil: null, leaseId: null, nextAttemptAt: input.nextAttemptAt },
  })
}

/** A delivery callback for a send whose process stopped before recording it: the send happened, record it now. */
export async function recordSentFromCallback (db: Db, input: { channel: string, outboxId: string, providerMessageId: string, now: Date }) {
  const { channel, outboxId, providerMessageId, now } = input
  const item = await db.outboxItem.findUnique({ where: { id: outboxId }, select: { messageId: true, channel: true, status: true } })
  if (!item || item.channel !== channel) return null
  const message = await db.message.findUnique({ where: { id: item.messageId }, select: { id: true, deliveryStatus: true, conversationId: true, providerMessageId: true } })
  if (!message || message.providerMessageId) return null // recorded already (another send of it is not this one)
  await db.$transaction([
    db.message.update({ where: { id: message.id }, data: { providerMessageId, deliveryStatus: 'sent', deliveryError: null } }),
    db.outboxItem.updateMany({ where: { id: outboxId, status: 'pending' }, data: { status: 'sent', sentAt: now, leaseId: null, lockedUntil: null, lastError: null } }),
  ])
  return { id: message.id, deliveryStatus: 'sent', conversationId: message.conversationId }
}
