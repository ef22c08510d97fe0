// Where a citizen is told about their ticket, a consultation's result or an idea (src/tickets/
// notify-citizen.ts has the rule): the citizen's language and last identity, that identity's
// newest conversation (or a new one), the ticket's own conversation otherwise; and the notice
// itself, written to the outbox.
import { enqueueOutbound, type EnqueueInput } from './outbox.ts'
import { prismaFor, type DbOrTx } from './transaction.ts'

export type CitizenToNotify = { lang: string | null, lastIdentityId: string | null, erasedAt: Date | null }

export async function findCitizenToNotify (on: DbOrTx, citizenId: string): Promise<CitizenToNotify | null> {
  return prismaFor(on).citizen.findUnique({ where: { id: citizenId }, select: { lang: true, lastIdentityId: true, erasedAt: true } })
}

export async function findIdentityToNotify (on: DbOrTx, identityId: string): Promise<{ id: string, kind: string, citizenId: string, optedOutAt: Date | null } | null> {
  return prismaFor(on).identity.findUnique({ where: { id: identityId }, select: { id: true, kind: true, citizenId: true, optedOutAt: true } })
}

/** The identity's open conversation, else its latest one (by last message). */
export async function latestConversationOf (on: DbOrTx, identityId: string): Promise<{ id: string, channel: string } | null> {
  return prismaFor(on).conversation.findFirst({
    where: { identityId },
    orderBy: [{ status: 'desc' }, { lastMessageAt: 'desc' }], // descending: 'open' before 'closed'
    select: { id: true, channel: true },
  })
}

/** A new conversation on this identity, opened to notify the citizen (its first event says so). */
export async function openNotificationConversation (on: DbOrTx, input: { citizenId: string, identityId: string, channel: string, now: Date }): Promise<string> {
  const { now } = input
  const created = await prismaFor(on).conversation.create({
    data: { citizenId: input.citizenId, identityId: input.identityId, channel: input.channel, lastMessageAt: now, createdAt: now, events: { create: { type: 'opened', detail: 'ticket_notification', createdAt: now } } },
    select: { id: true },
  })
  return created.id
}

/** A conversation's channel and the kind of its identity. */
export async function findConversationChannel (on: DbOrTx, conversationId: string): Promise<{ id: string, channel: string, identityKind: string } | undefined> {
  const conversation = await prismaFor(on).conversation.findUnique({ where: { id: conversationId }, select: { id: true, channel: true, identity: { select: { kind: true } } } })
  return conversation ? { id: conversation.id, channel: conversation.channel, identityKind: conversation.identity.kind } : undefined
}

/** The notice, written to the outbox (a Message and its OutboxItem) in `on`'s transaction. */
export async function enqueueNotice (on: DbOrTx, input: EnqueueInput): Promise<{ id: number }> {
  return enqueueOutbound(on, input)
}
