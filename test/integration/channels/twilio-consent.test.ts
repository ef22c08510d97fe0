// STOP / START / AIDE by SMS, end to end through Twilio. Written against behaviour, not wording:
// the answerer registered today (keyword stand-in or intents/) decides the texts.
import { afterEach, describe, expect, it } from 'vitest'
import type { Answerer } from '../../../src/answerer.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { createAssistant } from '../../../intents/assistant.ts'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { incomingSms, incomingWhatsapp, postFromTwilio, startTwilioApi, twilioEnv, TEST_PUBLIC_URL, type SentRequest, type TwilioStandIn } from '../../stand-ins/twilio-api.ts'

const CITIZEN = '+33612345678'
// Generous: the suite runs beside others on a busy machine; a passing test returns as soon as it can.
const WAIT_MS = 20_000

let t: TestApp | undefined
let api: TwilioStandIn | undefined
afterEach(async () => {
  await t?.stopAll()
  await api?.close()
  t = api = undefined
})

async function start (answerer?: Answerer) {
  api = await startTwilioApi()
  t = await buildTestApp({ env: twilioEnv(api), configEnv: { PUBLIC_URL: TEST_PUBLIC_URL }, ...(answerer ? { answerer } : {}) })
  return { t, api }
}

// Trained once for the file: training is the slow part, turns are not.
let trained: Promise<Answerer> | undefined
function intentsAnswerer (): Promise<Answerer> {
  trained ??= Promise.resolve(createAssistant())
  return trained
}

/** Posts one citizen message and returns what Twilio was asked to send because of it. */
async function say (text: string, from = CITIZEN, whatsapp = false, extra: Record<string, string> = {}): Promise<SentRequest[]> {
  const before = api!.sent.length
  const res = await postFromTwilio(t!.app, '/channels/twilio/messages', whatsapp ? incomingWhatsapp(from, text, extra) : incomingSms(from, text, extra))
  expect(res.statusCode).toBe(200)
  await t!.core.idle()
  await waitFor(async () => await t!.database.db.outboxItem.count({ where: { status: 'pending' } }) === 0, WAIT_MS, 'the outbox to drain')
  return api!.sent.slice(before)
}

// The same behaviour with the core's keyword stand-in and, once it exists, the intent layer.
const ANSWERERS: [string, () => Promise<Answerer | undefined>][] = [['keyword stand-in', async () => createKeywordAnswerer()], ['intent layer', intentsAnswerer]]

describe.each(ANSWERERS)('STOP and START by SMS (%s)', (_name, answerer) => {
  it('opts the number out with one confirmation, sends nothing more until START, and records both with time and channel', async () => {
    const { t } = await start(await answerer())
    await say('bonjour')
    const stop = await say('STOP')
    expect(stop).toHaveLength(1) // the confirmation, and only it
    const identity = await t.database.db.identity.findFirstOrThrow({ where: { kind: 'phone', value: CITIZEN }, include: { consentEvents: true } })
    expect(identity.optedOutAt).toBeInstanceOf(Date)
    expect(identity.consentEvents).toMatchObject([{ action: 'opt_out' }])

    expect(await say('bonjour')).toHaveLength(0)
    const cancelled = await t.database.db.outboxItem.findMany({ where: { status: 'cancelled' } })
    expect(cancelled.length).toBeGreaterThan(0) // the answer was written, then held back by the opt-out

    const restart = await say('START')
    expect(restart.length).toBeGreaterThanOrEqual(1)
    expect(await say('bonjour')).not.toHaveLength(0)
    const events = await t.database.db.consentEvent.findMany({ orderBy: { createdAt: 'asc' }, include: { identity: true } })
    expect(events.map(e => [e.action, e.identity.kind])).toEqual([['opt_out', 'phone'], ['opt_in', 'phone']])
    expect(events.every(e => e.createdAt instanceof Date)).toBe(true)
  })

  it('understands ARRET, STOP SMS and UNSUBSCRIBE in any case with spaces around', async () => {
    await start(await answerer())
    const numbers = ['+33611111111', '+33622222222', '+33633333333', '+33644444444']
    const keywords = ['  arret ', 'Stop Sms', 'UNSUBSCRIBE', 'stop']
    for (const [i, keyword] of keywords.entries()) {
      await say('bonjour', numbers[i])
      expect(await say(keyword, numbers[i]), keyword).toHaveLength(1)
    }
    const optedOut = await t!.database.db.identity.count({ where: { optedOutAt: { not: null } } })
    expect(optedOut).toBe(4)
  })

  it('stops SMS only: the same person still gets answers on WhatsApp', async () => {
    await start(await answerer())
    await say('bonjour')
    await say('STOP')
    const onWhatsapp = await say('bonjour', CITIZEN, true)
    expect(onWhatsapp.length).toBeGreaterThan(0)
    expect(onWhatsapp.every(s => s.params.To === `whatsapp:${CITIZEN}`)).toBe(true)
  })
})

// AIDE/HELP and the SMS → ticket flow need the intent layer (intents/assistant.ts); the core's keyword
// stand-in does not know them. These run as soon as the intent layer lands.
describe('with the intent layer', () => {
  it('answers AIDE with what the service is and how to stop', async () => {
    await start(await intentsAnswerer())
    await say('bonjour')
    const help = await say('AIDE')
    expect(help.length).toBeGreaterThanOrEqual(1)
    expect(help.map(s => s.params.Body).join(' ')).toMatch(/STOP/)
  })

  it('takes a report by SMS from "bonjour" to a ticket reference', async () => {
    const { t } = await start(await intentsAnswerer())
    const script = ['bonjour', 'Je veux signaler un nid de poule dangereux', '12 rue de la République', 'oui', 'oui', 'non', 'oui']
    let reference: string | undefined
    for (const line of script) {
      const replies = await say(line)
      reference = replies.map(s => /DEM-\d{4}-\d{5}/.exec(s.params.Body ?? '')?.[0]).find(Boolean)
      if (reference) break
    }
    expect(reference).toBeDefined()
    expect(await t.database.db.ticket.findUnique({ where: { reference: reference! } })).not.toBeNull()
  })

  it('opens a ticket on WhatsApp with the shared location and the photo', async () => {
    const { t, api } = await start(await intentsAnswerer())
    const photo = api.addMedia('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]))
    const script: [string, Record<string, string>][] = [
      ['Je veux signaler un dépôt sauvage', {}],
      ['', { NumMedia: '1', MediaUrl0: photo, MediaContentType0: 'image/jpeg', Latitude: '47.3941', Longitude: '0.6848', Address: 'Place Jean Jaurès, Tours' }],
      ['oui', {}], ['oui', {}], ['oui', {}],
    ]
    for (const [text, extra] of script) {
      await say(text, CITIZEN, true, extra)
      if (await t.database.db.ticket.count()) break
    }
    const ticket = await t.database.db.ticket.findFirstOrThrow({ include: { attachments: true } })
    expect(ticket).toMatchObject({ latitude: 47.3941, longitude: 0.6848 })
    expect(ticket.attachments.map(a => a.contentType)).toEqual(['image/jpeg']) // the photo, fetched from Twilio, is on the ticket
    expect(api.sent.some(s => s.params.To === `whatsapp:${CITIZEN}` && s.params.Body?.includes(ticket.reference))).toBe(true)
  })
})
