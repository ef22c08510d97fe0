// What agents read of a citizen (GET /api/citizens/:id): identities, messages and tickets across
// channels, merges, the other citizens owning a phone or email this one wrote; and the name
// agents give them.
import { prismaFor, type DbOrTx } from './transaction.ts'

export async function citizenWithIdentities (on: DbOrTx, id: string) {
  return prismaFor(on).citizen.findUnique({
    where: { id },
    select: {
      id: true, displayName: true, lang: true, mergedIntoId: true, createdAt: true,
      identities: { select: { id: true, kind: true, value: true, verified: true, optedOutAt: true, createdAt: true } },
    },
  })
}

/** The citizen's newest messages on every channel (`limit` at most), newest first, with their attachments' names. */
export async function citizenMessages (on: DbOrTx, citizenId: string, limit: number) {
  return prismaFor(on).message.findMany({
    // Through the conversations: Message has no index of its own on citizenId (see schema.prisma).
    where: { conversation: { citizenId } },
    orderBy: { id: 'desc' },
    take: limit,
    select: { id: true, conversationId: true, direction: true, author: true, channel: true, text: true, deliveryStatus: true, createdAt: true, attachments: { select: { id: true, filename: true } } },
  })
}

export async function citizenTickets (on: DbOrTx, citizenId: string) {
  return prismaFor(on).ticket.findMany({
    where: { citizenId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, reference: true, title: true, status: true, category: true, conversationId: true, createdAt: true, updatedAt: true },
  })
}

/** Merges into or from this citizen, newest first. */
export async function mergesOfCitizen (on: DbOrTx, citizenId: string): Promise<{ id: string, fromCitizenId: string, intoCitizenId: string, createdAt: Date, undoneAt: Date | null }[]> {
  return prismaFor(on).citizenMerge.findMany({
    where: { OR: [{ intoCitizenId: citizenId }, { fromCitizenId: citizenId }] },
    orderBy: { createdAt: 'desc' },
    select: { id: true, fromCitizenId: true, intoCitizenId: true, createdAt: true, undoneAt: true },
  })
}

/** Identities of other citizens (neither merged nor erased) with one of these emails, or phones (SMS or WhatsApp). */
export async function identitiesOfOthers (on: DbOrTx, citizenId: string, contacts: { emails: string[], phones: string[] }): Promise<{ kind: string, value: string, citizen: { id: string, displayName: string | null } }[]> {
  return prismaFor(on).identity.findMany({
    where: {
      citizenId: { not: citizenId },
      citizen: { mergedIntoId: null, erasedAt: null },
      OR: [{ kind: 'email', value: { in: contacts.emails } }, { kind: { in: ['phone', 'whatsapp'] }, value: { in: contacts.phones } }],
    },
    select: { kind: true, value: true, citizen: { select: { id: true, displayName: true } } },
  })
}

/** The name agents see the citizen by (null: the default); false when there is no such citizen, or it was erased. */
export async function renameCitizen (on: DbOrTx, citizenId: string, displayName: string | null): Promise<boolean> {
  const { count } = await prismaFor(on).citizen.updateMany({ where: { id: citizenId, erasedAt: null }, data: { displayName } })
  return count > 0
}
