// The CitizenMerge repository: merging two citizens (the same person by SMS and by email) moves
// identities, conversations, their messages and tickets to the surviving citizen, and a
// CitizenMerge row remembers what moved so the merge can be undone exactly (src/inbox/citizens/merge.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type MergeableCitizen = { id: string, displayName: string | null, mergedIntoId: string | null }
export type OwnedRecords = { identityIds: string[], conversationIds: string[], ticketIds: string[] }
export type CitizenMergeRow = { id: string, fromCitizenId: string, intoCitizenId: string, movedIdentityIds: string[], movedConversationIds: string[], movedTicketIds: string[] }

export async function citizenForMerge (on: DbOrTx, id: string): Promise<MergeableCitizen | null> {
  return prismaFor(on).citizen.findUnique({ where: { id }, select: { id: true, displayName: true, mergedIntoId: true } })
}

/** The citizen's identities, conversations and tickets, each list read in turn. */
export async function recordsOwnedBy (on: DbOrTx, citizenId: string): Promise<OwnedRecords> {
  const client = prismaFor(on)
  const ids = async <T extends { id: string }>(rows: Promise<T[]>) => (await rows).map(r => r.id)
  const identityIds = await ids(client.identity.findMany({ where: { citizenId }, select: { id: true } }))
  const conversationIds = await ids(client.conversation.findMany({ where: { citizenId }, select: { id: true } }))
  const ticketIds = await ids(client.ticket.findMany({ where: { citizenId }, select: { id: true } }))
  return { identityIds, conversationIds, ticketIds }
}

/** Marks the citizen merged into another, unless it already is (false then): a concurrent merge of the same citizen finds it set. */
export async function markMerged (on: DbOrTx, fromId: string, intoId: string): Promise<boolean> {
  const claimed = await prismaFor(on).citizen.updateMany({ where: { id: fromId, mergedIntoId: null }, data: { mergedIntoId: intoId } })
  return claimed.count === 1
}

export async function unmarkMerged (on: DbOrTx, citizenId: string): Promise<void> {
  await prismaFor(on).citizen.update({ where: { id: citizenId }, data: { mergedIntoId: null } })
}

/**
 * These identities, conversations and tickets, and every message of those conversations, now
 * belong to `citizenId`. Messages follow their conversation (Message has no index on citizenId,
 * see schema.prisma): what was written after a merge in those conversations moves back on undo too.
 */
export async function moveRecords (on: DbOrTx, records: OwnedRecords, citizenId: string): Promise<void> {
  const client = prismaFor(on)
  const data = { citizenId }
  await client.identity.updateMany({ where: { id: { in: records.identityIds } }, data })
  await client.conversation.updateMany({ where: { id: { in: records.conversationIds } }, data })
  await client.message.updateMany({ where: { conversationId: { in: records.conversationIds } }, data })
  await client.ticket.updateMany({ where: { id: { in: records.ticketIds } }, data })
}

export async function setCitizenName (on: DbOrTx, citizenId: string, displayName: string): Promise<void> {
  await prismaFor(on).citizen.update({ where: { id: citizenId }, data: { displayName } })
}

/** What moved, by whom: the row an undo reads. Returns its id. */
export async function addCitizenMerge (on: DbOrTx, merge: { fromCitizenId: string, intoCitizenId: string, moved: OwnedRecords, agentId: string, createdAt: Date }): Promise<string> {
  const row = await prismaFor(on).citizenMerge.create({
    data: {
      fromCitizenId: merge.fromCitizenId,
      intoCitizenId: merge.intoCitizenId,
      movedIdentityIds: JSON.stringify(merge.moved.identityIds),
      movedConversationIds: JSON.stringify(merge.moved.conversationIds),
      movedTicketIds: JSON.stringify(merge.moved.ticketIds),
      agentId: merge.agentId,
      createdAt: merge.createdAt,
    },
    select: { id: true },
  })
  return row.id
}

export async function citizenMerge (on: DbOrTx, id: string): Promise<CitizenMergeRow | null> {
  const row = await prismaFor(on).citizenMerge.findUnique({ where: { id } })
  if (!row) return null
  const parse = (json: string) => JSON.parse(json) as string[]
  return { id: row.id, fromCitizenId: row.fromCitizenId, intoCitizenId: row.intoCitizenId, movedIdentityIds: parse(row.movedIdentityIds), movedConversationIds: parse(row.movedConversationIds), movedTicketIds: parse(row.movedTicketIds) }
}

/** Marks the merge undone, unless it already is (false then). */
export async function markMergeUndone (on: DbOrTx, id: string, now: Date): Promise<boolean> {
  const claimed = await prismaFor(on).citizenMerge.updateMany({ where: { id, undoneAt: null }, data: { undoneAt: now } })
  return claimed.count === 1
}
