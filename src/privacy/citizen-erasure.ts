// RGPD art. 17: erasing a citizen. Like Zammad's data-privacy task (LESSONS.md): preview what
// will go, then remove the personal data and keep only a pseudonymised record of the deletion.
// Tickets stay (the town's public record of a pothole), stripped of everything personal.
import type { Db, Tx } from '../db/client.ts'

export const ERASED_TEXT = '[effacé]'

// A citizen's messages are found through their conversations: Message has no index on
// citizenId (schema.prisma), and a list of conversation ids lets every database use the
// (conversationId, id) index where a join condition made SQLite scan the whole table.
async function conversationsOf (db: Db | Tx, citizenId: string): Promise<string[]> {
  return (await db.conversation.findMany({ where: { citizenId }, select: { id: true } })).map(c => c.id)
}
const messagesIn = (conversationIds: string[]) => ({ conversationId: { in: conversationIds } })

export async function previewErasure (db: Db, citizenId: string) {
  const conversationIds = await conversationsOf(db, citizenId)
  const [identities, messages, attachments, tickets] = await Promise.all([
    db.identity.count({ where: { citizenId } }),
    db.message.count({ where: messagesIn(conversationIds) }),
    db.attachment.count({ where: { OR: [{ message: messagesIn(conversationIds) }, { ticket: { citizenId } }] } }),
    db.ticket.count({ where: { citizenId } }),
  ])
  return { identities, conversations: conversationIds.length, messages, attachments, tickets }
}

export async function eraseCitizen (db: Db, citizenId: string, actor: { kind: 'agent' | 'system', id?: string }, now = new Date()) {
  const counts = await previewErasure(db, citizenId)
  await db.$transaction(async tx => {
    const conversationIds = await conversationsOf(tx, citizenId)
    // Outbound messages still waiting must never go out to an erased person.
    await tx.outboxItem.updateMany({ where: { status: 'pending', message: messagesIn(conversationIds) }, data: { status: 'cancelled', lastError: 'citizen erased' } })
    await tx.attachment.deleteMany({ where: { OR: [{ message: messagesIn(conversationIds) }, { ticket: { citizenId } }] } })
    await tx.message.updateMany({ where: messagesIn(conversationIds), data: { text: ERASED_TEXT, nluText: null, meta: null, deliveryError: null } })
    await tx.ticketEvent.updateMany({ where: { ticket: { citizenId }, actorKind: 'citizen' }, data: { note: ERASED_TEXT } })
    await tx.ticket.updateMany({ where: { citizenId }, data: { description: ERASED_TEXT, attributes: null, pendingQuestion: null } })
    await tx.conversation.updateMany({ where: { citizenId }, data: { dialogState: null, subject: null, replyReference: null } })
    const identities = await tx.identity.findMany({ where: { citizenId }, select: { id: true } })
    const ids = identities.map(i => i.id)
    await tx.consentEvent.deleteMany({ where: { identityId: { in: ids } } })
    await tx.alertSubscription.deleteMany({ where: { identityId: { in: ids } } })
    // Consultation answers keep counting (the tally stays true); a free-text answer loses its words.
    await tx.consultationAnswer.updateMany({ where: { citizenId, text: { not: null } }, data: { text: ERASED_TEXT } })
    // Identities are what links a phone or an email to the person: they keep their row (conversations
    // point at them) under a value that means nothing, so the same number writing again is a new citizen.
    for (const id of ids) await tx.identity.update({ where: { id }, data: { value: `erased:${id}`, secretHash: null, replyContext: null } })
    await tx.citizen.update({ where: { id: citizenId }, data: { displayName: null, erasedAt: now } })
    await tx.auditEvent.create({ data: { actorKind: actor.kind, actorId: actor.id, action: 'citizen.erased', targetType: 'citizen', targetId: citizenId, detail: JSON.stringify(counts), createdAt: now } })
  })
  return counts
}
