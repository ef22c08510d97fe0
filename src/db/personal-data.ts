// A citizen's personal data as the RGPD rules of src/privacy need it: counted (erasure preview),
// erased (art. 17), read whole (art. 15 and 20 export), and emptied from old conversations
// (retention). A citizen's messages are found through their conversations: Message has no index
// on citizenId (schema.prisma), and a list of conversation ids lets every database use the
// (conversationId, id) index where a join condition made SQLite scan the whole table.
import { recordAudit } from './audit-log.ts'
import { inPrismaTransaction } from './prisma-transaction.ts'
import { prismaFor, type DbOrTx, type Store } from './transaction.ts'

/** What erased words are replaced with. */
export const ERASED_TEXT = '[effacé]'

async function conversationsOf (on: DbOrTx, citizenId: string): Promise<string[]> {
  return (await prismaFor(on).conversation.findMany({ where: { citizenId }, select: { id: true } })).map(c => c.id)
}
const messagesIn = (conversationIds: string[]) => ({ conversationId: { in: conversationIds } })

/** The citizen, and when they were erased; null when there is no such citizen. */
export async function findCitizenErasure (on: DbOrTx, citizenId: string): Promise<{ id: string, erasedAt: Date | null } | null> {
  return prismaFor(on).citizen.findUnique({ where: { id: citizenId }, select: { id: true, erasedAt: true } })
}

export type PersonalDataCounts = { identities: number, conversations: number, messages: number, attachments: number, tickets: number }

export async function countPersonalData (on: DbOrTx, citizenId: string): Promise<PersonalDataCounts> {
  const client = prismaFor(on)
  const conversationIds = await conversationsOf(on, citizenId)
  const [identities, messages, attachments, tickets] = await Promise.all([
    client.identity.count({ where: { citizenId } }),
    client.message.count({ where: messagesIn(conversationIds) }),
    client.attachment.count({ where: { OR: [{ message: messagesIn(conversationIds) }, { ticket: { citizenId } }] } }),
    client.ticket.count({ where: { citizenId } }),
  ])
  return { identities, conversations: conversationIds.length, messages, attachments, tickets }
}

/**
 * Erases the citizen's personal data in one transaction, audited with `counts`: pending sends
 * cancelled, files deleted, words replaced, consents and alert subscriptions gone, identities kept
 * under a value that means nothing, tickets kept without anything personal.
 */
export async function erasePersonalData (store: Store, citizenId: string, actor: { kind: 'agent' | 'system', id?: string }, counts: PersonalDataCounts, now: Date): Promise<void> {
  await inPrismaTransaction(store, async on => {
    const tx = prismaFor(on)
    const conversationIds = await conversationsOf(on, citizenId)
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
    await recordAudit(on, { actorKind: actor.kind, actorId: actor.id, action: 'citizen.erased', targetType: 'citizen', targetId: citizenId, detail: counts, now })
  })
}

/** Everything held on a citizen: the citizen with identities, consents, conversations and tickets; their messages; their consultation answers. */
export async function readPersonalData (on: DbOrTx, citizenId: string) {
  const client = prismaFor(on)
  const citizen = await client.citizen.findUnique({
    where: { id: citizenId },
    include: {
      identities: { include: { consentEvents: true, alertSubscriptions: true } },
      conversations: { orderBy: { createdAt: 'asc' }, include: { events: true } },
      tickets: { orderBy: { createdAt: 'asc' }, include: { events: { orderBy: { createdAt: 'asc' } } } },
    },
  })
  if (!citizen) return undefined
  const messages = await client.message.findMany({
    // Through the conversations: Message has no index of its own on citizenId (see schema.prisma).
    where: { conversation: { citizenId } },
    orderBy: { id: 'asc' },
    include: { attachments: { select: { id: true, filename: true, contentType: true, size: true } } },
  })
  const consultationAnswers = await client.consultationAnswer.findMany({ where: { citizenId }, orderBy: { createdAt: 'asc' } })
  return { citizen, messages, consultationAnswers }
}

/**
 * Conversations (at most `limit`) whose last message is older than `cutoff`, that still hold
 * words, of citizens with no ticket in one of `openStatuses`.
 */
export async function staleConversations (on: DbOrTx, cutoff: Date, openStatuses: string[], limit: number): Promise<string[]> {
  const rows = await prismaFor(on).conversation.findMany({
    where: { lastMessageAt: { lt: cutoff }, citizen: { tickets: { none: { status: { in: openStatuses } } } }, messages: { some: { text: { not: ERASED_TEXT } } } },
    select: { id: true },
    take: limit,
  })
  return rows.map(r => r.id)
}

/** Empties one conversation of its words, files and dialog state, in one transaction; how many messages were emptied. */
export async function emptyConversation (store: Store, conversationId: string): Promise<number> {
  return inPrismaTransaction(store, async on => {
    const tx = prismaFor(on)
    await tx.attachment.deleteMany({ where: { message: { conversationId } } })
    const r = await tx.message.updateMany({ where: { conversationId, text: { not: ERASED_TEXT } }, data: { text: ERASED_TEXT, nluText: null, meta: null } })
    await tx.conversation.update({ where: { id: conversationId }, data: { dialogState: null, subject: null, replyReference: null } })
    return r.count
  })
}
