import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { signedInAgent } from './agent-sessions.ts'

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`taking over a web chat conversation on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    async function chatWithAnswers () {
      const chat = await openChat(t.app)
      await chat.say('bonjour')
      await waitFor(async () => (await chat.messages()).length >= 3, 5000, 'bot answers')
      const conversation = await t.database.db.conversation.findFirstOrThrow()
      return { chat, conversationId: conversation.id }
    }

    it('silences the assistant while an agent holds it, delivers the agent reply, and lets the assistant answer again after hand-back', async () => {
      t = await buildTestApp({ db })
      const agent = await signedInAgent(t, 'agent')
      const { chat, conversationId } = await chatWithAnswers()
      const api = (url: string, payload?: object) => t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}${url}`, headers: agent.bearer, payload })

      expect((await api('/takeover')).statusCode).toBe(200)
      const notice = await waitFor(async () => (await chat.messages()).find(m => m.author === 'agent'), 5000, 'takeover notice')
      expect(notice.text).toMatch(/personne de la mairie/)

      const before = (await chat.messages()).length
      await chat.say('où est la piscine ?')
      await t.core.idle()
      await new Promise(resolve => setTimeout(resolve, 200))
      expect((await chat.messages()).length).toBe(before + 1) // only the citizen's own message

      const reply = await api('/messages', { text: 'Bonjour, la piscine est rue des Lilas.' })
      expect(reply.statusCode).toBe(201)
      const delivered = await waitFor(async () => (await chat.messages()).find(m => m.text === 'Bonjour, la piscine est rue des Lilas.'), 5000, 'agent reply')
      expect(delivered).toMatchObject({ direction: 'outbound', author: 'agent' })

      expect((await api('/notes', { text: 'Citoyen déjà venu hier' })).statusCode).toBe(201)

      expect((await api('/handback')).statusCode).toBe(200)
      await waitFor(async () => (await chat.messages()).some(m => /assistant automatique reprend/.test(m.text)), 5000, 'handback notice')
      const count = (await chat.messages()).length
      await chat.say('merci, au revoir')
      await waitFor(async () => (await chat.messages()).length >= count + 2, 5000, 'bot answers again')

      const all = await chat.messages()
      expect(all.some(m => m.text.includes('Citoyen déjà venu hier'))).toBe(false)
      const detail = (await t.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}`, headers: agent.bearer })).json()
      expect(detail.conversation.messages.filter((m: { direction: string }) => m.direction === 'internal')).toHaveLength(1)
      expect(detail.conversation.holder).toBe('bot')
      const events = await t.database.db.conversationEvent.findMany({ where: { conversationId }, select: { type: true } })
      expect(events.map(e => e.type)).toEqual(expect.arrayContaining(['takeover', 'first_response', 'handback']))
      const audit = await t.database.db.auditEvent.findMany({ where: { actorId: agent.id }, select: { action: true } })
      expect(audit.map(a => a.action)).toEqual(expect.arrayContaining(['conversation.takeover', 'conversation.replied', 'conversation.note_added', 'conversation.handback']))
    })

    it('lets exactly one of two agents taking over at the same moment win; the other gets 409', async () => {
      t = await buildTestApp({ db })
      const [a, b] = await Promise.all([signedInAgent(t, 'agent', 'alice'), signedInAgent(t, 'agent', 'bob')])
      const { conversationId } = await chatWithAnswers()
      const url = `/api/conversations/${conversationId}/takeover`
      const results = await Promise.all([a, b].map(x => t.app.inject({ method: 'POST', url, headers: x.bearer })))
      expect(results.map(r => r.statusCode).sort()).toEqual([200, 409])
      expect(results.find(r => r.statusCode === 409)!.json().error).toBe('conflict')
      const conversation = await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })
      const winner = results[0].statusCode === 200 ? a : b
      expect(conversation).toMatchObject({ holder: 'agent', assignedAgentId: winner.id })
      // The loser cannot reply over the winner either; one takeover notice only.
      const loser = winner === a ? b : a
      const res = await t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/messages`, headers: loser.bearer, payload: { text: 'moi aussi' } })
      expect(res.statusCode).toBe(409)
      expect(await t.database.db.message.count({ where: { conversationId, author: 'agent' } })).toBe(1)
    })
  })
}

describe('assigning and handing back between colleagues', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('lets the holder hand a conversation to a colleague, but not a colleague grab or release it', async () => {
    t = await buildTestApp()
    const [alice, bob, manager] = await Promise.all([signedInAgent(t, 'agent', 'alice'), signedInAgent(t, 'agent', 'bob'), signedInAgent(t, 'manager', 'dominique')])
    const chat = await openChat(t.app)
    await chat.say('bonjour')
    await t.core.idle()
    const { id } = await t.database.db.conversation.findFirstOrThrow()
    const post = (who: { bearer: object }, path: string, payload?: object) => t.app.inject({ method: 'POST', url: `/api/conversations/${id}${path}`, headers: who.bearer as Record<string, string>, payload })
    expect((await post(alice, '/takeover')).statusCode).toBe(200)
    expect((await post(bob, '/assign', { agentId: bob.id })).statusCode).toBe(409)
    expect((await post(bob, '/handback')).statusCode).toBe(409)
    expect((await post(alice, '/assign', { agentId: 'nobody' })).statusCode).toBe(400)
    expect((await post(alice, '/assign', { agentId: bob.id })).statusCode).toBe(200)
    expect((await post(bob, '/messages', { text: 'Je prends la suite.' })).statusCode).toBe(201)
    expect((await post(alice, '/messages', { text: 'Moi aussi' })).statusCode).toBe(409)
    // A manager may release a colleague's conversation.
    expect((await post(manager, '/handback')).statusCode).toBe(200)
    const conversation = await t.database.db.conversation.findUniqueOrThrow({ where: { id } })
    expect(conversation.holder).toBe('bot')
    const events = await t.database.db.conversationEvent.findMany({ where: { conversationId: id }, orderBy: { createdAt: 'asc' }, select: { type: true } })
    expect(events.map(e => e.type)).toEqual(expect.arrayContaining(['first_response', 'takeover', 'assigned', 'handback']))
    expect((await t.app.inject({ method: 'GET', url: '/api/conversations?q=prends&status=all', headers: alice.bearer })).json().conversations.map((c: { id: string }) => c.id)).toEqual([id])
  })
})
