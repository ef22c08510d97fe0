import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { hashPassword } from '../../../src/auth/passwords.ts'
import { applyRetention } from '../../../src/privacy/retention.ts'
import { storeOf } from '../../../src/db/transaction.ts'

async function signIn (t: TestApp, role: 'agent' | 'manager' | 'admin') {
  const email = `${role}-${Math.random().toString(36).slice(2)}@mairie.test`
  await t.database.db.agent.create({ data: { email, name: role, role, passwordHash: await hashPassword('correct horse') } })
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'correct horse' } })
  return { authorization: `Bearer ${(res.json() as { token: string }).token}` }
}

async function citizenWithHistory (t: TestApp) {
  const chat = await openChat(t.app)
  await chat.say('bonjour, je suis Jeanne, jeanne@example.org')
  await waitFor(async () => (await chat.messages()).length >= 3, 5000, 'answer')
  const identity = await t.database.db.identity.findUniqueOrThrow({ where: { kind_value: { kind: 'webchat', value: chat.sessionId } } })
  return { chat, citizenId: identity.citizenId }
}

const JEANNE_THREAD = JSON.stringify({ channel: 'email', reference: { messageId: '<j1@example.org>', references: [], subject: 'Jeanne Martin, 3 rue des Lilas' } })

// Both databases: erasure and retention are many conditional writes through relations, where the two differ most.
for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`RGPD: export, erasure, retention on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('exports everything about a citizen to a manager, and refuses an agent', async () => {
      t = await buildTestApp({ db })
      const { citizenId } = await citizenWithHistory(t)
      const forbidden = await t.app.inject({ method: 'GET', url: `/api/citizens/${citizenId}/export`, headers: await signIn(t, 'agent') })
      expect(forbidden.statusCode).toBe(403)
      const res = await t.app.inject({ method: 'GET', url: `/api/citizens/${citizenId}/export`, headers: await signIn(t, 'manager') })
      expect(res.statusCode).toBe(200)
      const data = res.json()
      expect(data.identities[0].kind).toBe('webchat')
      expect(data.messages.map((m: { text: string }) => m.text)).toContain('bonjour, je suis Jeanne, jeanne@example.org')
      expect(await t.database.db.auditEvent.count({ where: { action: 'citizen.exported', targetId: citizenId } })).toBe(1)
    })

    it('previews, then erases the personal data and keeps a pseudonymised record', async () => {
      t = await buildTestApp({ db })
      const { chat, citizenId } = await citizenWithHistory(t)
      const other = await citizenWithHistory(t)
      const admin = await signIn(t, 'admin')
      const preview = await t.app.inject({ method: 'GET', url: `/api/citizens/${citizenId}/erasure`, headers: admin })
      const theirMessages = await t.database.db.message.count({ where: { citizenId } })
      expect(theirMessages).toBeGreaterThanOrEqual(3) // theirs, the assistant notice, the answer
      expect(preview.json().willErase).toMatchObject({ identities: 1, conversations: 1, messages: theirMessages })
      // A channel's reply reference holds personal data too (an email thread's subject and ids).
      await t.database.db.conversation.updateMany({ where: { citizenId }, data: { replyReference: JEANNE_THREAD } })
      const unconfirmed = await t.app.inject({ method: 'POST', url: `/api/citizens/${citizenId}/erasure`, headers: admin, payload: {} })
      expect(unconfirmed.statusCode).toBe(400)
      expect(await t.database.db.message.count({ where: { citizenId, text: { contains: 'Jeanne' } } })).toBe(1)

      const res = await t.app.inject({ method: 'POST', url: `/api/citizens/${citizenId}/erasure`, headers: admin, payload: { confirm: true } })
      expect(res.statusCode).toBe(200)
      expect(await t.database.db.message.count({ where: { citizenId, text: { contains: 'Jeanne' } } })).toBe(0)
      expect(await t.database.db.message.count({ where: { citizenId: other.citizenId, text: { contains: 'Jeanne' } } })).toBe(1)
      expect(await t.database.db.identity.count({ where: { value: chat.sessionId } })).toBe(0)
      expect(await t.database.db.conversation.count({ where: { citizenId, replyReference: { not: null } } })).toBe(0)
      const record = await t.database.db.auditEvent.findFirstOrThrow({ where: { action: 'citizen.erased', targetId: citizenId } })
      expect(record.detail).not.toContain('jeanne')
      const again = await t.app.inject({ method: 'POST', url: `/api/citizens/${citizenId}/erasure`, headers: admin, payload: { confirm: true } })
      expect(again.statusCode).toBe(409)
    })

    it('empties conversations idle past the retention period, not recent ones', async () => {
      t = await buildTestApp({ db })
      const old = await citizenWithHistory(t)
      const recent = await citizenWithHistory(t)
      const longAgo = new Date(Date.now() - 400 * 86_400_000)
      await t.database.db.conversation.updateMany({ where: { citizenId: old.citizenId }, data: { lastMessageAt: longAgo, replyReference: JEANNE_THREAD } })
      await t.database.db.conversation.updateMany({ where: { citizenId: recent.citizenId }, data: { replyReference: JEANNE_THREAD } })
      const swept = await applyRetention(storeOf(t.database.db), 12)
      expect(swept.conversations).toBe(1)
      expect(await t.database.db.message.count({ where: { citizenId: old.citizenId, text: { contains: 'Jeanne' } } })).toBe(0)
      expect(await t.database.db.message.count({ where: { citizenId: recent.citizenId, text: { contains: 'Jeanne' } } })).toBe(1)
      expect(await t.database.db.conversation.count({ where: { citizenId: old.citizenId, replyReference: { not: null } } })).toBe(0)
      expect(await t.database.db.conversation.count({ where: { citizenId: recent.citizenId, replyReference: JEANNE_THREAD } })).toBe(1)
      expect((await applyRetention(storeOf(t.database.db), 12)).conversations).toBe(0)
    })
  })
}
