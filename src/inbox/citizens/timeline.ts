// GET /api/citizens/:id: the citizen, every identity, one timeline of messages and tickets
// across channels, and merge suggestions.
import type { Db } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import { contactDetails } from './contact-details.ts'

const TIMELINE_LIMIT = 1000

export async function citizenTimeline (db: Db, id: string) {
  const citizen = await db.citizen.findUnique({
    where: { id },
    include: { identities: { select: { id: true, kind: true, value: true, verified: true, optedOutAt: true, createdAt: true } } },
  })
  if (!citizen) throw new AppError('not_found', 'No such citizen')
  const messages = await db.message.findMany({
    // Through the conversations: Message has no index of its own on citizenId (see schema.prisma).
    where: { conversation: { citizenId: id } },
    orderBy: { id: 'desc' },
    take: TIMELINE_LIMIT,
    select: { id: true, conversationId: true, direction: true, author: true, channel: true, text: true, deliveryStatus: true, createdAt: true, attachments: { select: { id: true, filename: true } } },
  })
  const tickets = await db.ticket.findMany({
    where: { citizenId: id },
    orderBy: { createdAt: 'desc' },
    select: { id: true, reference: true, title: true, status: true, category: true, conversationId: true, createdAt: true, updatedAt: true },
  })
  const merges = await db.citizenMerge.findMany({ where: { OR: [{ intoCitizenId: id }, { fromCitizenId: id }] }, orderBy: { createdAt: 'desc' } })
  const timeline = [
    ...messages.map(m => ({ type: 'message' as const, at: m.createdAt, message: m })),
    ...tickets.map(t => ({ type: 'ticket' as const, at: t.createdAt, ticket: t })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime())
  return {
    citizen: { id: citizen.id, displayName: citizen.displayName, lang: citizen.lang, mergedIntoId: citizen.mergedIntoId, createdAt: citizen.createdAt },
    identities: citizen.identities,
    tickets,
    timeline,
    merges: merges.map(m => ({ id: m.id, fromCitizenId: m.fromCitizenId, intoCitizenId: m.intoCitizenId, createdAt: m.createdAt, undoneAt: m.undoneAt })),
    mergeSuggestions: await mergeSuggestions(db, id, messages.filter(m => m.direction === 'inbound').map(m => m.text)),
  }
}

/** Other citizens owning a phone or email this citizen wrote in a message. */
async function mergeSuggestions (db: Db, citizenId: string, texts: string[]) {
  const emails = new Set<string>()
  const phones = new Set<string>()
  for (const text of texts) {
    const found = contactDetails(text)
    found.emails.forEach(e => emails.add(e))
    found.phones.forEach(p => phones.add(p))
  }
  if (!emails.size && !phones.size) return []
  const matches = await db.identity.findMany({
    where: {
      citizenId: { not: citizenId },
      citizen: { mergedIntoId: null, erasedAt: null },
      OR: [{ kind: 'email', value: { in: [...emails] } }, { kind: { in: ['phone', 'whatsapp'] }, value: { in: [...phones] } }],
    },
    select: { kind: true, value: true, citizen: { select: { id: true, displayName: true } } },
  })
  return matches.map(m => ({ citizenId: m.citizen.id, displayName: m.citizen.displayName, matched: { kind: m.kind, value: m.value } }))
}
