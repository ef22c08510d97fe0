// Consultations (issue 20): asked on the citizen's channel, answered by number or by word, the
// last answer counts, results per channel and as CSV, the result told to who asked; 10,000
// answers tallied in under 2 seconds.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { signIn } from '../tickets/ticket-fixtures.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { insertRows } from '../../../src/db/bulk-write.ts'
import { orderedId } from '../../../src/db/ordered-id.ts'
import { sqlOf } from '../../../src/db/sql.ts'
import { consultationResults } from '../../../src/consultations/results.ts'
import { storeOf } from '../../../src/db/transaction.ts'

const WAIT_MS = 20_000
let t: TestApp | undefined
afterEach(async () => { await t?.stopAll(); t = undefined })

const QUESTION = { question: { fr: 'Faut-il piétonniser la place le samedi ?', en: 'Should the square be pedestrian on Saturdays?' }, options: [{ fr: 'Oui', en: 'Yes' }, { fr: 'Non', en: 'No' }] }
const inADay = () => new Date(Date.now() + 86_400_000).toISOString()

describe('consultations', () => {
  it('asks subscribers on their channel, takes « la deuxième » then « 1 » (the last counts), and other questions are answered as usual', async () => {
    t = await buildTestApp({ answerer: createKeywordAnswerer(), configEnv: { QUIET_HOURS: '0-0' } })
    const manager = await signIn(t, 'manager')
    const agent = await signIn(t, 'agent')
    const chat = await openChat(t.app)
    await chat.say('bonjour')
    await t.core.idle()
    const identity = await t.database.db.identity.findUniqueOrThrow({ where: { kind_value: { kind: 'webchat', value: chat.sessionId } } })
    // An agent subscribes the citizen at their request: a consent event says who and how.
    const subscribed = await t.app.inject({ method: 'POST', url: `/api/identities/${identity.id}/alerts`, headers: agent.auth, payload: { topic: 'newsletter', subscribe: true } })
    expect(subscribed.statusCode, subscribed.body).toBe(200)
    expect(await t.database.db.consentEvent.findFirst({ where: { identityId: identity.id, action: 'alerts_on' } })).toMatchObject({ topic: 'newsletter', via: 'agent', agentId: agent.id })

    const created = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: manager.auth, payload: { ...QUESTION, topic: 'newsletter', closesAt: inADay() } })
    expect(created.statusCode, created.body).toBe(201)
    const { id, broadcast } = created.json()
    expect(broadcast.recipients).toEqual({ webchat: 1 })
    await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('[Consultation] Faut-il piétonniser')), WAIT_MS, 'question')
    expect((await chat.messages()).at(-1)!.text).toBe('[Consultation] Faut-il piétonniser la place le samedi ?\n1 Oui\n2 Non\nRépondez par le numéro de votre choix.')

    await chat.say('la deuxième')
    await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('Merci, votre réponse « 2. Non »')), WAIT_MS, 'thanks')
    await chat.say('1')
    await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('Merci, votre réponse « 1. Oui »')), WAIT_MS, 'changed')
    const results = (await t.app.inject({ method: 'GET', url: `/api/consultations/${id}/results`, headers: manager.auth })).json()
    expect(results).toMatchObject({ total: 1, options: [{ index: 1, count: 1 }, { index: 2, count: 0 }], byChannel: { webchat: { total: 1, options: [{ index: 1, count: 1 }, { index: 2, count: 0 }] } } })

    // Not an answer: the assistant answers it as any message, and the answer stands.
    const before = (await chat.messages()).length
    await chat.say('bonjour, c\'est quand la fin des travaux ?')
    await waitFor(async () => (await chat.messages()).length > before + 1, WAIT_MS, 'usual answer')
    expect((await chat.messages()).at(-1)!.text).not.toMatch(/votre réponse/)
    expect((await t.database.db.consultationAnswer.findMany()).map(a => a.optionIndex)).toEqual([1])

    const csv = await t.app.inject({ method: 'GET', url: `/api/consultations/${id}/results.csv`, headers: manager.auth })
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.body).toBe('\uFEFFoption,label,total,webchat\r\n1,Oui,1,1\r\n2,Non,0,0\r\n')
  })

  it('tells the result at the close to the citizens who asked for it', async () => {
    t = await buildTestApp({ answerer: createKeywordAnswerer(), configEnv: { QUIET_HOURS: '0-0' } })
    const manager = await signIn(t, 'manager')
    const chat = await openChat(t.app)
    await chat.say('bonjour')
    await t.core.idle()
    const identity = await t.database.db.identity.findUniqueOrThrow({ where: { kind_value: { kind: 'webchat', value: chat.sessionId } } })
    await t.app.inject({ method: 'POST', url: `/api/identities/${identity.id}/alerts`, headers: manager.auth, payload: { topic: 'newsletter', subscribe: true } })
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/consultations', headers: manager.auth, payload: { ...QUESTION, topic: 'newsletter', closesAt: inADay() } })).json()
    await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('[Consultation]')), WAIT_MS, 'question')
    await chat.say('oui')
    await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('Merci, votre réponse « 1. Oui »')), WAIT_MS, 'thanks')
    await chat.say('RÉSULTAT')
    await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('C\'est noté')), WAIT_MS, 'noted')
    const closed = await t.app.inject({ method: 'POST', url: `/api/consultations/${id}/close`, headers: manager.auth })
    expect(closed.json()).toMatchObject({ closed: true, told: 1 })
    const told = await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('Résultat de la consultation')), WAIT_MS, 'result')
    expect(told.text).toBe('Résultat de la consultation « Faut-il piétonniser la place le samedi ? » (1 réponse) :\nOui : 1 (100 %)\nNon : 0 (0 %)')
    // Closed: « 2 » is no longer an answer.
    await chat.say('2')
    await t.core.idle()
    expect((await t.database.db.consultationAnswer.findMany()).map(a => a.optionIndex)).toEqual([1])
  })

  it('refuses consultations with one option or more than six, or no closing date', async () => {
    t = await buildTestApp({ answerer: createKeywordAnswerer() })
    const manager = await signIn(t, 'manager')
    const seven = Array.from({ length: 7 }, (_, i) => ({ fr: `Option ${i}` }))
    for (const payload of [{ ...QUESTION, options: [{ fr: 'Seule' }], closesAt: inADay() }, { ...QUESTION, options: seven, closesAt: inADay() }, { ...QUESTION }, { ...QUESTION, closesAt: '2000-01-01' }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: manager.auth, payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toBe('validation_failed')
    }
    expect(await t.database.db.consultation.count()).toBe(0)
  })

  for (const db of ['sqlite', 'postgresql'] as const) {
    it(`tallies 10,000 answers in under 2 s on ${db}`, async () => {
      t = await buildTestApp({ db, answerer: createKeywordAnswerer(), start: false })
      const consultation = await t.database.db.consultation.create({ data: { questionFr: 'Quel nom ?', questionEn: 'Which name?', options: JSON.stringify([{ fr: 'A', en: 'A' }, { fr: 'B', en: 'B' }, { fr: 'C', en: 'C' }]), closesAt: new Date(Date.now() + 86_400_000) } })
      const channels = ['sms', 'whatsapp', 'email', 'webchat']
      const now = new Date()
      await insertRows(sqlOf(t.database.db), 'ConsultationAnswer', Array.from({ length: 10_000 }, (_, i) => ({
        id: orderedId(), consultationId: consultation.id, citizenId: `citizen-${i}`, channel: channels[i % 4], optionIndex: (i % 3) + 1, text: null, wantsResult: false, createdAt: now, updatedAt: now,
      })))
      const started = performance.now()
      const results = await consultationResults(storeOf(t.database.db), consultation.id)
      const ms = performance.now() - started
      console.log(`tally of 10,000 answers on ${db}: ${ms.toFixed(0)} ms`)
      expect(ms).toBeLessThan(2_000)
      expect(results.total).toBe(10_000)
      expect(results.options.map(o => o.count)).toEqual([3334, 3333, 3333])
      expect(results.byChannel.sms.total).toBe(2500)
    })
  }
})
