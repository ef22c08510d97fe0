// Merging two citizens (the same person by SMS and by email): identities, conversations, messages
// and tickets move to the surviving citizen; a CitizenMerge row remembers what moved so the merge
// can be undone exactly. Proposed to and confirmed by agents, audited (LESSONS.md).
import type { Db } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../auth/audit.ts'

export async function mergeCitizens (db: Db, fromId: string, intoId: unknown, actorId: string, now = new Date()) {
  if (typeof intoId !== 'string' || !intoId) throw new AppError('validation_failed', 'Field "intoCitizenId" is required')
  if (intoId === fromId) throw new AppError('validation_failed', 'A citizen cannot be merged into themselves')
  return db.$transaction(async tx => {
    const [from, into] = await Promise.all([tx.citizen.findUnique({ where: { id: fromId } }), tx.citizen.findUnique({ where: { id: intoId } })])
    if (!from || !into) throw new AppError('not_found', 'No such citizen')
    if (from.mergedIntoId || into.mergedIntoId) throw new AppError('conflict', 'One of these citizens was already merged into another one')
    const ids = async <T extends { id: string }>(rows: Promise<T[]>) => (await rows).map(r => r.id)
    const identityIds = await ids(tx.identity.findMany({ where: { citizenId: fromId }, select: { id: true } }))
    const conversationIds = await ids(tx.conversation.findMany({ where: { citizenId: fromId }, select: { id: true } }))
    const ticketIds = await ids(tx.ticket.findMany({ where: { citizenId: fromId }, select: { id: true } }))
    // Claim the citizen first: a concurrent merge of the same citizen finds mergedIntoId set.
    const claimed = await tx.citizen.updateMany({ where: { id: fromId, mergedIntoId: null }, data: { mergedIntoId: intoId } })
    if (claimed.count !== 1) throw new AppError('conflict', 'This citizen was merged meanwhile')
    await tx.identity.updateMany({ where: { id: { in: identityIds } }, data: { citizenId: intoId } })
    await tx.conversation.updateMany({ where: { id: { in: conversationIds } }, data: { citizenId: intoId } })
    // Messages follow their conversation (and Message has no index on citizenId, see schema.prisma).
    await tx.message.updateMany({ where: { conversationId: { in: conversationIds } }, data: { citizenId: intoId } })
    await tx.ticket.updateMany({ where: { id: { in: ticketIds } }, data: { citizenId: intoId } })
    if (!into.displayName && from.displayName) await tx.citizen.update({ where: { id: intoId }, data: { displayName: from.displayName } })
    const merge = await tx.citizenMerge.create({
      data: { fromCitizenId: fromId, intoCitizenId: intoId, movedIdentityIds: JSON.stringify(identityIds), movedConversationIds: JSON.stringify(conversationIds), movedTicketIds: JSON.stringify(ticketIds), agentId: actorId, createdAt: now },
    })
    await recordAudit(tx, { actorId, action: 'citizen.merged', targetType: 'citizen', targetId: fromId, detail: { intoCitizenId: intoId, mergeId: merge.id }, now })
    return { mergeId: merge.id, movedIdentities: identityIds.length, movedConversations: conversationIds.length, movedTickets: ticketIds.length }
  })
}

export async function undoMerge (db: Db, mergeId: string, actorId: string, now = new Date()) {
  return db.$transaction(async tx => {
    const merge = await tx.citizenMerge.findUnique({ where: { id: mergeId } })
    if (!merge) throw new AppError('not_found', 'No such merge')
    const claimed = await tx.citizenMerge.updateMany({ where: { id: mergeId, undoneAt: null }, data: { undoneAt: now } })
    if (claimed.count !== 1) throw new AppError('conflict', 'This merge was already undone')
    const parse = (json: string) => JSON.parse(json) as string[]
    const conversationIds = parse(merge.movedConversationIds)
    const back = { citizenId: merge.fromCitizenId }
    await tx.identity.updateMany({ where: { id: { in: parse(merge.movedIdentityIds) } }, data: back })
    await tx.conversation.updateMany({ where: { id: { in: conversationIds } }, data: back })
    // Messages follow their conversation: what the citizen wrote after the merge in those conversations goes back too.
    await tx.message.updateMany({ where: { conversationId: { in: conversationIds } }, data: back })
    await tx.ticket.updateMany({ where: { id: { in: parse(merge.movedTicketIds) } }, data: back })
    await tx.citizen.update({ where: { id: merge.fromCitizenId }, data: { mergedIntoId: null } })
    await recordAudit(tx, { actorId, action: 'citizen.merge_undone', targetType: 'citizen', targetId: merge.fromCitizenId, detail: { mergeId }, now })
    return { ok: true }
  })
}
