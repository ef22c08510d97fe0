// Merging two citizens (the same person by SMS and by email): identities, conversations, messages
// and tickets move to the surviving citizen; a CitizenMerge row remembers what moved so the merge
// can be undone exactly. Proposed to and confirmed by agents, audited (LESSONS.md).
import type { Store } from '../../db/transaction.ts'
import { inPrismaTransaction } from '../../db/prisma-transaction.ts'
import { addCitizenMerge, citizenForMerge, citizenMerge, markMerged, markMergeUndone, moveRecords, recordsOwnedBy, setCitizenName, unmarkMerged } from '../../db/citizen-merge.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../db/audit-log.ts'

export async function mergeCitizens (store: Store, fromId: string, intoId: unknown, actorId: string, now = new Date()) {
  if (typeof intoId !== 'string' || !intoId) throw new AppError('validation_failed', 'Field "intoCitizenId" is required')
  if (intoId === fromId) throw new AppError('validation_failed', 'A citizen cannot be merged into themselves')
  return inPrismaTransaction(store, async tx => {
    const [from, into] = await Promise.all([citizenForMerge(tx, fromId), citizenForMerge(tx, intoId)])
    if (!from || !into) throw new AppError('not_found', 'No such citizen')
    if (from.mergedIntoId || into.mergedIntoId) throw new AppError('conflict', 'One of these citizens was already merged into another one')
    const moved = await recordsOwnedBy(tx, fromId)
    // Claim the citizen first: a concurrent merge of the same citizen finds mergedIntoId set.
    if (!await markMerged(tx, fromId, intoId)) throw new AppError('conflict', 'This citizen was merged meanwhile')
    await moveRecords(tx, moved, intoId)
    if (!into.displayName && from.displayName) await setCitizenName(tx, intoId, from.displayName)
    const mergeId = await addCitizenMerge(tx, { fromCitizenId: fromId, intoCitizenId: intoId, moved, agentId: actorId, createdAt: now })
    await recordAudit(tx, { actorId, action: 'citizen.merged', targetType: 'citizen', targetId: fromId, detail: { intoCitizenId: intoId, mergeId }, now })
    return { mergeId, movedIdentities: moved.identityIds.length, movedConversations: moved.conversationIds.length, movedTickets: moved.ticketIds.length }
  })
}

export async function undoMerge (store: Store, mergeId: string, actorId: string, now = new Date()) {
  return inPrismaTransaction(store, async tx => {
    const merge = await citizenMerge(tx, mergeId)
    if (!merge) throw new AppError('not_found', 'No such merge')
    if (!await markMergeUndone(tx, mergeId, now)) throw new AppError('conflict', 'This merge was already undone')
    // Messages follow their conversation: what the citizen wrote after the merge in those conversations goes back too.
    await moveRecords(tx, { identityIds: merge.movedIdentityIds, conversationIds: merge.movedConversationIds, ticketIds: merge.movedTicketIds }, merge.fromCitizenId)
    await unmarkMerged(tx, merge.fromCitizenId)
    await recordAudit(tx, { actorId, action: 'citizen.merge_undone', targetType: 'citizen', targetId: merge.fromCitizenId, detail: { mergeId }, now })
    return { ok: true }
  })
}
