// GET /api/citizens/:id: the citizen, every identity, one timeline of messages and tickets
// across channels, and merge suggestions.
import type { Store } from '../../db/transaction.ts'
import { citizenMessages, citizenTickets, citizenWithIdentities, identitiesOfOthers, mergesOfCitizen } from '../../db/citizen-timeline.ts'
import { AppError } from '../../errors.ts'
import { contactDetails } from './contact-details.ts'

const TIMELINE_LIMIT = 1000

export async function citizenTimeline (store: Store, id: string) {
  const citizen = await citizenWithIdentities(store, id)
  if (!citizen) throw new AppError('not_found', 'No such citizen')
  const messages = await citizenMessages(store, id, TIMELINE_LIMIT)
  const tickets = await citizenTickets(store, id)
  const merges = await mergesOfCitizen(store, id)
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
    mergeSuggestions: await mergeSuggestions(store, id, messages.filter(m => m.direction === 'inbound').map(m => m.text)),
  }
}

/** Other citizens owning a phone or email this citizen wrote in a message. */
async function mergeSuggestions (store: Store, citizenId: string, texts: string[]) {
  const emails = new Set<string>()
  const phones = new Set<string>()
  for (const text of texts) {
    const found = contactDetails(text)
    found.emails.forEach(e => emails.add(e))
    found.phones.forEach(p => phones.add(p))
  }
  if (!emails.size && !phones.size) return []
  const matches = await identitiesOfOthers(store, citizenId, { emails: [...emails], phones: [...phones] })
  return matches.map(m => ({ citizenId: m.citizen.id, displayName: m.citizen.displayName, matched: { kind: m.kind, value: m.value } }))
}
