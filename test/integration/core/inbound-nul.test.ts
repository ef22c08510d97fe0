import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`a NUL character from a citizen on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('stores the message without it instead of failing (PostgreSQL text refuses NUL)', async () => {
      t = await buildTestApp({ db })
      const chat = await openChat(t.app)
      const res = await t.app.inject({ method: 'POST', url: `/channels/webchat/sessions/${chat.sessionId}/messages`, headers: { authorization: `Bearer ${chat.token}` }, payload: { text: 'bon\u0000jour' } })
      expect(res.statusCode, res.body).toBe(202)
      expect((await t.database.db.message.findFirstOrThrow({ where: { direction: 'inbound' } })).text).toBe('bonjour')
    })
  })
}
