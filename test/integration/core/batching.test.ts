// Messages that arrive together are stored together and answered in batches (src/core): these
// tests hold the guarantees a citizen notices while that happens, on both databases.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import type { Answerer } from '../../../src/answerer.ts'

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`many messages at once on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('stores and answers each of 90 simultaneous messages once, one notice per citizen, in order per citizen', async () => {
      t = await buildTestApp({ db })
      const chats = await Promise.all(Array.from({ length: 30 }, () => openChat(t.app)))
      const texts = ['bonjour', 'quels sont les horaires de la mairie ?', 'merci']
      await Promise.all(chats.flatMap(chat => texts.map((text, i) => chat.say(text, `m${i}`))))
      await t.core.idle()
      const inbound = await t.database.db.message.findMany({ where: { direction: 'inbound' }, orderBy: { id: 'asc' } })
      expect(inbound).toHaveLength(90)
      expect(inbound.every(m => m.processedAt && m.intent)).toBe(true)
      for (const chat of chats) {
        const mine = inbound.filter(m => m.externalId!.endsWith(`:${chat.sessionId}`))
        // Handled one after the other, in the order they were stored.
        const handled = mine.map(m => m.processedAt!.getTime())
        expect(handled).toEqual([...handled].sort((a, b) => a - b))
        const history = await chat.messages()
        const notices = history.filter(m => m.direction === 'outbound' && /assistant automati/.test(m.text))
        expect(notices).toHaveLength(1)
        expect(history.filter(m => m.direction === 'outbound').length).toBeGreaterThanOrEqual(4) // the notice and one answer per message
      }
      // The outbox sends in the background: every reply goes out, each once (one outbox row per reply).
      await waitFor(async () => await t.database.db.outboxItem.count({ where: { status: { not: 'sent' } } }) === 0, 5000, 'every reply sent')
    })

    it('lets each message see what the previous one of the same citizen changed, even when sent together', async () => {
      t = await buildTestApp({ db })
      const chats = await Promise.all(Array.from({ length: 10 }, () => openChat(t.app)))
      // Not understood twice in a row: the second time the assistant offers a person (it counts per conversation).
      await Promise.all(chats.flatMap(chat => ['xqzv wplk', 'zzkq vvbt'].map((text, i) => chat.say(text, `g${i}`))))
      await t.core.idle()
      const conversations = await t.database.db.conversation.findMany()
      expect(conversations).toHaveLength(10)
      for (const c of conversations) expect(c.misunderstandings === 2 || c.holder === 'agent', JSON.stringify(c)).toBe(true)
    })

    it('answers the other citizens when one message of their batch cannot be answered, and keeps that one for the next start', async () => {
      const keywords = createKeywordAnswerer()
      const answerer: Answerer = {
        welcome: (...args) => keywords.welcome(...args),
        async answer (turn, data) {
          if (turn.text === 'boom') throw new Error('the answerer failed on this message')
          return keywords.answer(turn, data)
        },
      }
      t = await buildTestApp({ db, answerer })
      const chats = await Promise.all(Array.from({ length: 8 }, () => openChat(t.app)))
      await Promise.all(chats.map((chat, i) => chat.say(i === 3 ? 'boom' : 'bonjour')))
      await t.core.idle()
      const inbound = await t.database.db.message.findMany({ where: { direction: 'inbound' } })
      expect(inbound.filter(m => m.processedAt)).toHaveLength(7)
      expect(inbound.find(m => !m.processedAt)?.text).toBe('boom')
      for (const [i, chat] of chats.entries()) {
        expect((await chat.messages()).some(m => m.direction === 'outbound'), `citizen ${i}`).toBe(i !== 3)
      }
    })

    it('stores a message posted five times at once (a retrying client) once and answers it once', async () => {
      t = await buildTestApp({ db })
      const chat = await openChat(t.app)
      const ids = await Promise.all(Array.from({ length: 5 }, () => chat.say('bonjour', 'same-id')))
      expect(new Set(ids).size).toBe(1)
      await t.core.idle()
      expect(await t.database.db.message.count({ where: { direction: 'inbound' } })).toBe(1)
      expect(await t.database.db.outboxItem.count()).toBe(2) // the notice and one answer
    })
  })
}
