import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`web chat on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('answers "bonjour" with the automated-assistant notice, then the answer', async () => {
      t = await buildTestApp({ db })
      const chat = await openChat(t.app)
      await chat.say('bonjour')
      const messages = await waitFor(async () => { const m = await chat.messages(); return m.length >= 3 && m }, 5000, 'replies')
      expect(messages[0]).toMatchObject({ direction: 'inbound', author: 'citizen', text: 'bonjour' })
      expect(messages[1].author).toBe('bot')
      expect(messages[1].text).toMatch(/assistant automati/)
      expect(messages[1].text).toContain('/privacy')
      expect(messages[2].direction).toBe('outbound')
    })

    it('stores a retried POST with the same client id once and answers it once', async () => {
      t = await buildTestApp({ db })
      const chat = await openChat(t.app)
      const first = await chat.say('bonjour', 'c-1')
      const again = await chat.say('bonjour', 'c-1')
      expect(again).toBe(first)
      await t.core.idle()
      const messages = await chat.messages()
      expect(messages.filter(m => m.direction === 'inbound')).toHaveLength(1)
      expect(await t.database.db.outboxItem.count()).toBe(2) // the notice and one answer
    })

    it('refuses bad input with {error, message} and stores nothing', async () => {
      t = await buildTestApp({ db })
      const chat = await openChat(t.app)
      const other = await openChat(t.app)
      const url = `/channels/webchat/sessions/${chat.sessionId}/messages`
      const auth = { authorization: `Bearer ${chat.token}` }
      const cases = [
        { headers: { ...auth, 'content-type': 'application/json' }, payload: '{"text":', status: 400 },
        { headers: auth, payload: {}, status: 400 },
        { headers: auth, payload: { text: 42 }, status: 400 },
        { headers: auth, payload: { text: 'x'.repeat(4001) }, status: 413 },
        { headers: {}, payload: { text: 'hi' }, status: 401 },
        { headers: { authorization: 'Bearer wrong' }, payload: { text: 'hi' }, status: 403 },
        { headers: { authorization: `Bearer ${other.token}` }, payload: { text: 'hi' }, status: 403 },
      ]
      for (const c of cases) {
        const res = await t.app.inject({ method: 'POST', url, headers: c.headers, payload: c.payload })
        expect(res.statusCode, JSON.stringify(c.payload)).toBe(c.status)
        expect(Object.keys(res.json()).sort()).toEqual(['error', 'message'])
      }
      const unknown = await t.app.inject({ method: 'POST', url: '/channels/webchat/sessions/nosuchsession123/messages', headers: auth, payload: { text: 'hi' } })
      expect(unknown.statusCode).toBe(404)
      expect(await t.database.db.message.count()).toBe(0)
    })

    it('never shows one session the messages of another', async () => {
      t = await buildTestApp({ db })
      const alice = await openChat(t.app)
      const bob = await openChat(t.app)
      await alice.say('secret d’Alice')
      await t.core.idle()
      expect(await bob.messages()).toEqual([])
      const peek = await t.app.inject({ method: 'GET', url: `/channels/webchat/sessions/${alice.sessionId}/messages`, headers: { authorization: `Bearer ${bob.token}` } })
      expect(peek.statusCode).toBe(403)
    })
  })
}
