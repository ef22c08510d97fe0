import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { signedInAgent } from './agent-sessions.ts'

type TimelineItem = { type: string, message?: { text: string, channel: string } }

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`citizens and merges on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('suggests merging the web chat citizen who typed the email of a citizen who wrote by email; the merge combines histories and undo restores them', async () => {
      t = await buildTestApp({ db })
      const agent = await signedInAgent(t, 'agent')
      const byEmail = await t.core.receive({ channel: 'email', externalId: '<m1@example.org>', from: { kind: 'email', value: 'claire.martin@example.org' }, text: 'Bonjour, un lampadaire est cassé.' })
      const byChat = await t.core.receive({ channel: 'webchat', externalId: 'chat-1', from: { kind: 'webchat', value: 'session-abcdef-123' }, text: 'Je suis Claire, mon adresse est Claire.Martin@example.org' })
      await t.core.idle()
      const chatCitizen = (await t.database.db.message.findUniqueOrThrow({ where: { id: byChat.messageId } })).citizenId
      const emailCitizen = (await t.database.db.message.findUniqueOrThrow({ where: { id: byEmail.messageId } })).citizenId
      expect(chatCitizen).not.toBe(emailCitizen)
      const get = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/citizens/${id}`, headers: agent.bearer })).json()

      const before = await get(chatCitizen)
      expect(before.mergeSuggestions).toEqual([expect.objectContaining({ citizenId: emailCitizen, matched: { kind: 'email', value: 'claire.martin@example.org' } })])

      const merge = await t.app.inject({ method: 'POST', url: `/api/citizens/${chatCitizen}/merge`, headers: agent.bearer, payload: { intoCitizenId: emailCitizen } })
      expect(merge.statusCode).toBe(201)
      const merged = await get(emailCitizen)
      expect(merged.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(['email', 'webchat'])
      const texts = merged.timeline.filter((i: TimelineItem) => i.type === 'message').map((i: TimelineItem) => i.message!.channel)
      expect(new Set(texts)).toEqual(new Set(['email', 'webchat']))
      expect((await get(chatCitizen)).citizen.mergedIntoId).toBe(emailCitizen)
      expect(merged.mergeSuggestions).toEqual([])
      // Merging the absorbed citizen again is refused, and nothing moves.
      expect((await t.app.inject({ method: 'POST', url: `/api/citizens/${chatCitizen}/merge`, headers: agent.bearer, payload: { intoCitizenId: emailCitizen } })).statusCode).toBe(409)

      const undo = await t.app.inject({ method: 'POST', url: `/api/citizen-merges/${merge.json().mergeId}/undo`, headers: agent.bearer })
      expect(undo.statusCode).toBe(200)
      const restoredChat = await get(chatCitizen)
      expect(restoredChat.citizen.mergedIntoId).toBeNull()
      expect(restoredChat.identities.map((i: { kind: string }) => i.kind)).toEqual(['webchat'])
      expect(restoredChat.timeline.every((i: TimelineItem) => i.type !== 'message' || i.message!.channel === 'webchat')).toBe(true)
      expect((await get(emailCitizen)).identities.map((i: { kind: string }) => i.kind)).toEqual(['email'])
      expect((await t.app.inject({ method: 'POST', url: `/api/citizen-merges/${merge.json().mergeId}/undo`, headers: agent.bearer })).statusCode).toBe(409)

      const audit = await t.database.db.auditEvent.findMany({ where: { actorId: agent.id }, select: { action: true } })
      expect(audit.map(a => a.action)).toEqual(expect.arrayContaining(['citizen.merged', 'citizen.merge_undone']))
    })

    it('refuses a merge into an unknown citizen or into oneself with 4xx and moves nothing', async () => {
      t = await buildTestApp({ db })
      const agent = await signedInAgent(t, 'agent')
      const received = await t.core.receive({ channel: 'webchat', externalId: 'chat-2', from: { kind: 'webchat', value: 'session-zzzzzz-999' }, text: 'bonjour' })
      const citizenId = (await t.database.db.message.findUniqueOrThrow({ where: { id: received.messageId } })).citizenId
      for (const [payload, status] of [[{ intoCitizenId: 'nobody' }, 404], [{ intoCitizenId: citizenId }, 400], [{}, 400]] as const) {
        const res = await t.app.inject({ method: 'POST', url: `/api/citizens/${citizenId}/merge`, headers: agent.bearer, payload })
        expect(res.statusCode).toBe(status)
      }
      expect(await t.database.db.citizenMerge.count()).toBe(0)
      expect((await t.app.inject({ method: 'GET', url: '/api/citizens/nobody', headers: agent.bearer })).statusCode).toBe(404)
    })
  })
}
