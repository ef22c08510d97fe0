// The identity's last inbound time (WhatsApp's 24-hour window) is kept to the minute: a message
// moves it when it is over a minute old, and leaves it when it is newer (no UPDATE per message).
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`the last inbound time on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('moves to the new message when over a minute old, and stays when newer', async () => {
      t = await buildTestApp({ db })
      const chat = await openChat(t.app)
      const send = async (text: string) => {
        const res = await t.app.inject({ method: 'POST', url: `/channels/webchat/sessions/${chat.sessionId}/messages`, headers: { authorization: `Bearer ${chat.token}` }, payload: { text } })
        expect(res.statusCode, res.body).toBe(202)
      }
      const identity = () => t.database.db.identity.findFirstOrThrow({ where: { kind: 'webchat', value: chat.sessionId } })

      await send('bonjour')
      const first = (await identity()).lastInboundAt
      expect(first).not.toBeNull()
      expect(Date.now() - first!.getTime()).toBeLessThan(30_000)

      const twoMinutesAgo = new Date(Date.now() - 120_000)
      await t.database.db.identity.update({ where: { id: (await identity()).id }, data: { lastInboundAt: twoMinutesAgo } })
      await send('merci')
      const moved = (await identity()).lastInboundAt!
      expect(moved.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000)

      const tenSecondsAgo = new Date(Date.now() - 10_000)
      await t.database.db.identity.update({ where: { id: (await identity()).id }, data: { lastInboundAt: tenSecondsAgo } })
      await send('au revoir')
      expect((await identity()).lastInboundAt!.getTime()).toBe(tenSecondsAgo.getTime())
    })
  })
}
