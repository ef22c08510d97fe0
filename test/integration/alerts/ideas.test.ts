// The ideas board (issue 20): an idea sent through the conversation gets a status on the managers'
// board, and the citizen is told on their channel when it changes.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { signIn } from '../tickets/ticket-fixtures.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { openTicketFromConversation } from '../../../src/tickets/ticket-service.ts'
import { inPrismaTransaction } from '../../../src/db/prisma-transaction.ts'
import { storeOf } from '../../../src/db/transaction.ts'

let t: TestApp | undefined
afterEach(async () => { await t?.stopAll(); t = undefined })

describe('the ideas board', () => {
  it('lists ideas with their status and tells the citizen when it changes', async () => {
    t = await buildTestApp({ answerer: createKeywordAnswerer(), configEnv: { QUIET_HOURS: '0-0' } })
    const chat = await openChat(t.app)
    await chat.say('bonjour')
    await t.core.idle()
    const { db } = t.database
    const identity = await db.identity.findUniqueOrThrow({ where: { kind_value: { kind: 'webchat', value: chat.sessionId } } })
    const conversation = await db.conversation.findFirstOrThrow({ where: { identityId: identity.id } })
    const idea = await inPrismaTransaction(storeOf(db), tx => openTicketFromConversation(tx, { ticketPrefix: 'DEM', timeZone: 'Europe/Paris', publicUrl: t!.config.publicUrl }, {
      kind: 'idea', category: 'participation', title: 'Idée', description: 'Des bancs au parc des Prés', source: 'conversation',
      citizenId: identity.citizenId, conversationId: conversation.id, channel: 'webchat', lang: 'fr', actor: { kind: 'citizen', id: identity.citizenId },
    }, new Date()))
    const manager = await signIn(t, 'manager')
    const board = (await t.app.inject({ method: 'GET', url: '/api/ideas', headers: manager.auth })).json()
    expect(board.ideas).toEqual([expect.objectContaining({ reference: idea.reference, description: 'Des bancs au parc des Prés', status: 'received' })])

    const res = await t.app.inject({ method: 'PATCH', url: `/api/ideas/${idea.id}`, headers: manager.auth, payload: { status: 'retained', note: 'Installation au printemps.' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ status: 'retained', told: true })
    const told = await waitFor(async () => (await chat.messages()).find(m => m.text.includes('retenue pour le budget participatif')), 20_000, 'notice')
    expect(told.text).toBe(`Bonne nouvelle : votre idée ${idea.reference} est retenue pour le budget participatif. Message de la mairie : Installation au printemps.`)
    expect((await t.app.inject({ method: 'GET', url: '/api/ideas', headers: manager.auth })).json().ideas[0].status).toBe('retained')

    expect((await t.app.inject({ method: 'PATCH', url: `/api/ideas/${idea.id}`, headers: manager.auth, payload: { status: 'adopted' } })).statusCode).toBe(400)
    expect((await t.app.inject({ method: 'PATCH', url: '/api/ideas/nope', headers: manager.auth, payload: { status: 'studied' } })).statusCode).toBe(404)
  })
})
