// Shared set-up of the ticket tests: signed-in agents, Open311 keys, tickets opened in a chat.
import { hashPassword } from '../../../src/auth/passwords.ts'
import type { AgentRole } from '../../../src/domain.ts'
import { openTicketFromConversation } from '../../../src/tickets/ticket-service.ts'
import { inPrismaTransaction } from '../../../src/db/prisma-transaction.ts'
import { storeOf } from '../../../src/db/transaction.ts'
import type { TestApp } from '../../helpers/test-app.ts'
import { waitFor } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'

// argon2 is slow on purpose: hash the test password once per file, not once per agent.
let passwordHash: Promise<string> | undefined

export async function signIn (t: TestApp, role: AgentRole = 'agent'): Promise<{ id: string, auth: { authorization: string } }> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@mairie.example`
  const agent = await t.database.db.agent.create({ data: { email, name: `Camille ${role}`, role, passwordHash: await (passwordHash ??= hashPassword('correct horse battery')) } })
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'correct horse battery' } })
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`)
  return { id: agent.id, auth: { authorization: `Bearer ${(res.json() as { token: string }).token}` } }
}

export async function newApiKey (t: TestApp): Promise<string> {
  const admin = await signIn(t, 'admin')
  const res = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: admin.auth, payload: { name: 'FixMyStreet' } })
  if (res.statusCode !== 201) throw new Error(`api key: ${res.statusCode} ${res.body}`)
  return (res.json() as { key: string }).key
}

/** A web chat citizen who said hello, then a ticket opened for them in that conversation. */
export async function chatCitizenWithTicket (t: TestApp, opts: { category?: string, kind?: 'report' | 'formal_request', firstWords?: string } = {}) {
  const chat = await openChat(t.app)
  await chat.say(opts.firstWords ?? 'bonjour')
  await t.core.idle()
  const { db } = t.database
  const identity = await db.identity.findUniqueOrThrow({ where: { kind_value: { kind: 'webchat', value: chat.sessionId } } })
  const conversation = await db.conversation.findFirstOrThrow({ where: { identityId: identity.id } })
  const citizen = await db.citizen.findUniqueOrThrow({ where: { id: identity.citizenId } })
  const ticket = await inPrismaTransaction(storeOf(db), tx => openTicketFromConversation(tx, { ticketPrefix: 'DEM', timeZone: 'Europe/Paris', publicUrl: t.config.publicUrl }, {
    kind: opts.kind ?? 'report',
    category: opts.category ?? 'lighting',
    title: 'Lampadaire éteint',
    description: 'Le lampadaire devant le 4 rue des Lilas est éteint',
    address: '4 rue des Lilas',
    source: 'conversation',
    citizenId: citizen.id,
    conversationId: conversation.id,
    channel: 'webchat',
    lang: citizen.lang === 'en' ? 'en' : 'fr',
    actor: { kind: 'citizen', id: citizen.id },
  }, new Date()))
  t.core.outbox.wake()
  await waitFor(async () => (await chat.messages()).some(m => m.text.includes(ticket.reference)), 5000, 'acknowledgement')
  return { chat, citizen, conversation, identity, ticket }
}
