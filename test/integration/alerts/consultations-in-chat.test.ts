// Issue 20: a consultation « opened in the web chat » is offered to the citizens who come to the
// chat, and answered there by the same rules as by SMS: by number or by the choice's words, one
// answer per citizen (the last counts), counted per channel.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { signIn } from '../tickets/ticket-fixtures.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { incomingSms, postFromTwilio, startTwilioApi, twilioEnv, TEST_PUBLIC_URL, type TwilioStandIn } from '../../stand-ins/twilio-api.ts'
import { addSubscriber, channelsWith } from './alert-fixtures.ts'
import type { Answerer } from '../../../src/answerer.ts'

const WAIT_MS = 20_000
const QUESTION = { question: { fr: 'Quel nom pour la nouvelle médiathèque ?', en: 'Which name for the new library?' }, options: [{ fr: 'Colette', en: 'Colette' }, { fr: 'Jules Verne', en: 'Jules Verne' }, { fr: 'Simone Veil', en: 'Simone Veil' }] }
const INVITATION = '[Consultation] La mairie vous demande votre avis : Quel nom pour la nouvelle médiathèque ?\n1 Colette\n2 Jules Verne\n3 Simone Veil\nRépondez par le numéro de votre choix.'

let t: TestApp | undefined
let api: TwilioStandIn | undefined
afterEach(async () => {
  await t?.stopAll()
  await api?.close()
  t = api = undefined
})

describe('a consultation opened in the web chat', () => {
  it('is asked in the chat and by SMS, answered by number or by the choice\'s words, one answer per citizen on every channel', async () => {
    api = await startTwilioApi()
    t = await buildTestApp({ env: twilioEnv(api), channels: channelsWith(), configEnv: { PUBLIC_URL: TEST_PUBLIC_URL, QUIET_HOURS: '0-0' }, answerer: createKeywordAnswerer() })
    const manager = await signIn(t, 'manager')
    const phone = '+33612345678'
    await addSubscriber(t.database.db, { kind: 'phone', value: phone, topic: 'newsletter' })
    const created = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: manager.auth, payload: { ...QUESTION, topic: 'newsletter', openInChat: true, closesAt: new Date(Date.now() + 86_400_000).toISOString() } })
    expect(created.statusCode, created.body).toBe(201)
    const { id } = created.json()

    // In the web chat: the citizen's first message is answered, then the consultation is asked.
    const chat = await openChat(t.app)
    await chat.say('bonjour')
    await waitFor(async () => (await chat.messages()).find(m => m.text === INVITATION), WAIT_MS, 'the consultation in the chat')
    expect((await chat.messages()).at(-1)!.text).toBe(INVITATION)
    await chat.say('Jules Verne')
    await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('Merci, votre réponse « 2. Jules Verne »')), WAIT_MS, 'thanks in the chat')
    await chat.say('1')
    await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('Merci, votre réponse « 1. Colette »')), WAIT_MS, 'changed in the chat')

    // By SMS: the subscriber got it, and answers the same way.
    await waitFor(() => api!.sent.find(r => r.params.To === phone && r.params.Body.startsWith('[Consultation] Quel nom')), WAIT_MS, 'the consultation by SMS')
    expect((await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(phone, 'je choisis Simone Veil'))).statusCode).toBeLessThan(300)
    // (by SMS the quotes are GSM-7's: « » is not in its alphabet)
    await waitFor(() => api!.sent.find(r => r.params.To === phone && r.params.Body.startsWith('Merci, votre réponse "3. Simone Veil"')), WAIT_MS, 'thanks by SMS')

    const results = (await t.app.inject({ method: 'GET', url: `/api/consultations/${id}/results`, headers: manager.auth })).json()
    expect(results).toMatchObject({
      total: 2,
      options: [{ index: 1, count: 1 }, { index: 2, count: 0 }, { index: 3, count: 1 }],
      byChannel: { webchat: { total: 1, options: [{ index: 1, count: 1 }, { index: 2, count: 0 }, { index: 3, count: 0 }] }, sms: { total: 1, options: [{ index: 1, count: 0 }, { index: 2, count: 0 }, { index: 3, count: 1 }] } },
    })

    // Closed: a new chat is not asked any more.
    await t.app.inject({ method: 'POST', url: `/api/consultations/${id}/close`, headers: manager.auth })
    const later = await openChat(t.app)
    await later.say('bonjour')
    await waitFor(async () => (await later.messages()).some(m => m.direction === 'outbound'), WAIT_MS, 'an answer')
    await t.core.idle()
    expect((await later.messages()).some(m => m.text.startsWith('[Consultation]'))).toBe(false)
  }, 60_000)

  it('is not asked where the assistant waits for the citizen\'s own answer, and « oui » stays the dialog\'s', async () => {
    // An assistant that asks the citizen a question of its own when they report a problem.
    const keywords = createKeywordAnswerer()
    const answerer: Answerer = { ...keywords, async answer (turn, data) {
      const result = await keywords.answer(turn, data)
      return /signaler/.test(turn.text) ? { ...result, replies: ['Où se trouve le problème ?'], dialogState: { step: 'where' } } : result
    } }
    t = await buildTestApp({ answerer, configEnv: { QUIET_HOURS: '0-0' } })
    const manager = await signIn(t, 'manager')
    await t.app.inject({ method: 'POST', url: '/api/consultations', headers: manager.auth, payload: { question: { fr: 'Piétonniser la place ?', en: 'Pedestrian square?' }, options: [{ fr: 'Oui', en: 'Yes' }, { fr: 'Non', en: 'No' }], openInChat: true, closesAt: new Date(Date.now() + 86_400_000).toISOString() } })
    const chat = await openChat(t.app)
    await chat.say('je voudrais signaler un problème')
    await waitFor(async () => (await chat.messages()).some(m => m.text === 'Où se trouve le problème ?'), WAIT_MS, 'the dialog\'s question')
    await t.core.idle()
    expect((await chat.messages()).some(m => m.text.startsWith('[Consultation]'))).toBe(false)
    await chat.say('oui')
    await t.core.idle()
    expect(await t.database.db.consultationAnswer.count()).toBe(0)
  })
})
