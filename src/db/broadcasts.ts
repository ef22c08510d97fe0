// The Broadcast repository (issue 20): broadcasts, the lease of the instance planning one, what a
// plan writes (one Message + OutboxItem per recipient, and a closed conversation for a recipient
// who has none), its progress and delivery figures, and the alerts in force.
import { orderedId } from './ordered-id.ts'
import { insertRows } from './bulk-write.ts'
import { enqueueOutboundBulk, type EnqueueInput } from './outbox.ts'
import { insertByJson } from './json-insert.ts'
import { inTransaction, prismaFor, sqlFor, type DbOrTx, type Store, type Transaction } from './transaction.ts'
import type { Db } from './client.ts'

/** Which database is behind `on`: a plan's chunks are sized for it. */
export const databaseKind = (on: DbOrTx): 'sqlite' | 'postgresql' => sqlFor(on).provider

export type NewBroadcast = {
  kind: string, topic: string, textFr: string, textEn: string, zone: string | null, urgent: boolean,
  sendAt: Date, endsAt: Date | null, consultationId: string | null, createdById: string | null,
  /** The preview's figures, as JSON. */
  recipients: string, excluded: string, held: string, createdAt: Date,
  plannerId: string, plannerUntil: Date,
}

export async function createBroadcast (on: DbOrTx, data: NewBroadcast): Promise<{ id: string }> {
  return prismaFor(on).broadcast.create({ data, select: { id: true } })
}

export async function findBroadcast (on: DbOrTx, id: string) {
  return prismaFor(on).broadcast.findUnique({ where: { id } })
}

export async function listBroadcastRows (on: DbOrTx, limit: number) {
  return prismaFor(on).broadcast.findMany({ orderBy: { createdAt: 'desc' }, take: limit })
}

const LEASE_FREE = (now: Date) => ({ OR: [{ plannerUntil: null }, { plannerUntil: { lt: now } }] })

/** Broadcasts still 'planning' whose plan's lease is free or has run out (a stop, a dead instance). */
export async function plansToResume (on: DbOrTx, now: Date) {
  return prismaFor(on).broadcast.findMany({ where: { status: 'planning', ...LEASE_FREE(now) } })
}

/** Takes a plan's lease if it is free or run out: one UPDATE, so of two racing instances only one wins. */
export async function claimPlanLease (on: DbOrTx, input: { id: string, plannerId: string, until: Date, now: Date }): Promise<boolean> {
  const { count } = await prismaFor(on).broadcast.updateMany({
    where: { id: input.id, status: 'planning', ...LEASE_FREE(input.now) },
    data: { plannerId: input.plannerId, plannerUntil: input.until },
  })
  return count === 1
}

/** The plan is written: the broadcast is sending (if this planner still holds it). */
export async function finishPlan (on: DbOrTx, input: { id: string, plannerId: string, planned: number }): Promise<void> {
  await prismaFor(on).broadcast.updateMany({ where: { id: input.id, status: 'planning', plannerId: input.plannerId }, data: { status: 'sending', planned: input.planned, plannerId: null, plannerUntil: null } })
}

export async function broadcastStatusOf (on: DbOrTx, id: string): Promise<string | undefined> {
  return (await prismaFor(on).broadcast.findUnique({ where: { id }, select: { status: true } }))?.status
}

export async function markBroadcastDone (on: DbOrTx, id: string): Promise<void> {
  await prismaFor(on).broadcast.updateMany({ where: { id, status: 'sending' }, data: { status: 'done' } })
}

/**
 * Cancels a broadcast: its status, then, together, every row still pending and its message. A row
 * the outbox worker holds and is handing to a provider right now is then recorded as sent over
 * this (it did go out); one that waits in the worker for its pace slot finds itself cancelled
 * before it is sent (isStillPending). Resolves with the rows cancelled.
 */
export async function cancelBroadcast (store: Db | Store, id: string, now: Date): Promise<number> {
  await prismaFor(store).broadcast.update({ where: { id }, data: { status: 'cancelled', cancelledAt: now } })
  return inTransaction(store, async tx => {
    await tx.sql.run(`UPDATE "Message" SET "deliveryStatus" = 'failed', "deliveryError" = 'broadcast_cancelled' WHERE "id" IN (SELECT "messageId" FROM "OutboxItem" WHERE "broadcastId" = ? AND "status" = 'pending')`, [id])
    return tx.sql.run(`UPDATE "OutboxItem" SET "status" = 'cancelled', "lastError" = 'broadcast_cancelled' WHERE "broadcastId" = ? AND "status" = 'pending'`, [id])
  })
}

/** A broadcast's rows counted by the recipient's identity kind, the row's status and the message's delivery status. */
export async function broadcastRowCounts (on: DbOrTx, id: string): Promise<{ kind: string, status: string, deliveryStatus: string | null, n: number }[]> {
  const rows = await sqlFor(on).all<{ kind: string, status: string, deliveryStatus: string | null, n: unknown }>(
    `SELECT i."kind", o."status", m."deliveryStatus", COUNT(*) AS "n"
     FROM "OutboxItem" o JOIN "Message" m ON m."id" = o."messageId" JOIN "Conversation" c ON c."id" = m."conversationId" JOIN "Identity" i ON i."id" = c."identityId"
     WHERE o."broadcastId" = ? GROUP BY i."kind", o."status", m."deliveryStatus"`, [id])
  return rows.map(r => ({ ...r, n: Number(r.n) }))
}

/** Alert broadcasts in force at some moment of [from, to), newest first (at most 20). */
export async function alertsInForceBetween (on: DbOrTx, from: Date, to: Date) {
  return prismaFor(on).broadcast.findMany({
    where: { kind: 'alert', status: { in: ['planning', 'sending', 'done'] }, sendAt: { lt: to }, OR: [{ endsAt: null }, { endsAt: { gt: from } }] },
    orderBy: { sendAt: 'desc' },
    take: 20,
    select: { topic: true, textFr: true, textEn: true, sendAt: true, endsAt: true },
  })
}

// What a plan writes. A planner running in a worker thread passes a Transaction over its own
// connection (own-sqlite.ts); the app's planner, one of inTransaction's.

/** A conversation to open for a recipient who has none: closed, so that broadcast-only conversations stay out of the agents' inbox. */
export type NewBroadcastConversation = { id: string, citizenId: string, channel: string, identityId: string, lang: string }

export type PlanChunk = {
  broadcastId: string
  /** The plan's lease: written only while this planner holds it, and renewed until leaseUntil. */
  plannerId: string
  leaseUntil: Date
  conversations: NewBroadcastConversation[]
  messages: EnqueueInput[]
  now: Date
}

/**
 * Writes one chunk of a plan with the plan's progress and lease, in the caller's transaction.
 * When the lease is no longer this planner's (another instance took over a plan it thought dead),
 * nothing is written and it says so, so no recipient gets a broadcast twice.
 */
export async function writePlanChunk (tx: Transaction, chunk: PlanChunk): Promise<boolean> {
  const { sql } = tx
  const held = await sql.run(`UPDATE "Broadcast" SET "planned" = "planned" + ?, "plannerUntil" = ? WHERE "id" = ? AND "plannerId" = ?`,
    [chunk.messages.length, chunk.leaseUntil, chunk.broadcastId, chunk.plannerId])
  if (!held) return false
  if (chunk.conversations.length) {
    const { now } = chunk
    const conversations = chunk.conversations.map(c => ({ ...c, holder: 'bot', status: 'closed', needsHuman: false, misunderstandings: 0, lastMessageAt: now, createdAt: now, updatedAt: now }))
    const events = chunk.conversations.map(c => ({ id: orderedId(), conversationId: c.id, type: 'opened', agentId: null, detail: 'broadcast', createdAt: now }))
    if (sql.provider === 'postgresql') {
      await insertByJson(sql, 'Conversation', {
        id: 'text', citizenId: 'text', channel: 'text', identityId: 'text', holder: 'text', status: 'text', needsHuman: 'boolean', lang: 'text', misunderstandings: 'integer',
        lastMessageAt: 'timestamp', createdAt: 'timestamp', updatedAt: 'timestamp',
      }, conversations)
      await insertByJson(sql, 'ConversationEvent', { id: 'text', conversationId: 'text', type: 'text', agentId: 'text', detail: 'text', createdAt: 'timestamp' }, events)
    } else {
      await insertRows(sql, 'Conversation', conversations)
      await insertRows(sql, 'ConversationEvent', events)
    }
  }
  await enqueueOutboundBulk(tx, chunk.messages)
  return true
}

/** Identities that already have their row: a resumed plan skips them. */
export async function plannedIdentities (on: DbOrTx, broadcastId: string): Promise<Set<string>> {
  const rows = await sqlFor(on).all<{ identityId: string }>(
    `SELECT c."identityId" FROM "OutboxItem" o JOIN "Message" m ON m."id" = o."messageId" JOIN "Conversation" c ON c."id" = m."conversationId" WHERE o."broadcastId" = ?`, [broadcastId])
  return new Set(rows.map(r => r.identityId))
}
