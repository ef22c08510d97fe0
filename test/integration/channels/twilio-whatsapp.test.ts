// WhatsApp through Twilio: shared location and photo, one citizen across SMS and WhatsApp,
// and Meta's 24-hour window (template, SMS fallback, or a visible failure).
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { enqueueOutbound } from '../../../src/db/outbox.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import {
  incomingSms, incomingWhatsapp, postFromTwilio, startTwilioApi, twilioEnv,
  TEST_PUBLIC_URL, TEST_SMS_FROM, TEST_WHATSAPP_FROM, type TwilioStandIn,
} from '../../stand-ins/twilio-api.ts'

const CITIZEN = '+33612345678'
// Generous: the suite runs beside others on a busy machine; a passing test returns as soon as it can.
const WAIT_MS = 20_000
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7), Buffer.from([0xff, 0xd9])])
const TEMPLATE_SID = 'HX' + 'c3'.repeat(16)

let t: TestApp | undefined
let api: TwilioStandIn | undefined
afterEach(async () => {
  await t?.stopAll()
  await api?.close()
  t = api = undefined
})

async function start (extra: Record<string, string> = {}, db: 'sqlite' | 'postgresql' = 'sqlite') {
  api = await startTwilioApi()
  // What is answered does not matter here; the keyword stand-in spares training the classifier.
  t = await buildTestApp({ db, env: twilioEnv(api, extra), configEnv: { PUBLIC_URL: TEST_PUBLIC_URL }, answerer: createKeywordAnswerer() })
  return { t, api }
}

describe('WhatsApp messages', () => {
  it('keeps a shared location and a photo with the message, fetched with the account credentials', async () => {
    const { t, api } = await start()
    const mediaUrl = api.addMedia('image/jpeg', PHOTO)
    const res = await postFromTwilio(t.app, '/channels/twilio/messages', incomingWhatsapp(CITIZEN, 'Un lampadaire est cassé ici', {
      NumMedia: '1', MediaUrl0: mediaUrl, MediaContentType0: 'image/jpeg',
      Latitude: '47.3941', Longitude: '0.6848', Address: '12 rue Nationale, Tours',
    }))
    expect(res.statusCode).toBe(200)
    const message = await t.database.db.message.findFirstOrThrow({ where: { direction: 'inbound' }, include: { attachments: true, conversation: { include: { identity: true } } } })
    expect(message.conversation.identity).toMatchObject({ kind: 'whatsapp', value: CITIZEN })
    expect(JSON.parse(message.meta!).location).toEqual({ latitude: 47.3941, longitude: 0.6848, address: '12 rue Nationale, Tours' })
    expect(message.attachments).toHaveLength(1)
    expect(message.attachments[0]).toMatchObject({ contentType: 'image/jpeg', size: PHOTO.length })
    expect(Buffer.from(message.attachments[0].data!).equals(PHOTO)).toBe(true)
    expect(api.mediaRequests[0].authorization).toMatch(/^Basic /)

    const sent = await waitFor(() => api.sent.length >= 2 && api.sent, WAIT_MS)
    expect(sent[0].params).toMatchObject({ To: `whatsapp:${CITIZEN}`, From: `whatsapp:${TEST_WHATSAPP_FROM}` })
  })

  it('follows Twilio\'s redirect to its media storage without sending the credentials there, and refuses media over 5 MB', async () => {
    const { t, api } = await start()
    const pdf = api.addMedia('application/pdf', Buffer.from('%PDF-1.4 justificatif'), { redirect: true })
    const huge = api.addMedia('image/png', Buffer.alloc(5 * 1024 * 1024 + 1))
    const res = await postFromTwilio(t.app, '/channels/twilio/messages', incomingWhatsapp(CITIZEN, 'Mon justificatif', {
      NumMedia: '2', MediaUrl0: pdf, MediaContentType0: 'application/pdf', MediaUrl1: huge, MediaContentType1: 'image/png',
    }))
    expect(res.statusCode).toBe(200)
    const storage = api.mediaRequests.find(r => r.path.startsWith('/media-storage/'))
    expect(storage).toBeDefined()
    expect(storage!.authorization).toBeUndefined()
    const message = await t.database.db.message.findFirstOrThrow({ where: { direction: 'inbound' }, include: { attachments: true } })
    expect(message.attachments.map(a => [a.contentType, a.size])).toEqual([['application/pdf', 21]])
    expect(JSON.parse(message.meta!).refusedMedia).toEqual([{ index: 1, contentType: 'image/png', reason: 'size' }])
  })

  it('never fetches media from hosts other than Twilio, nor types it does not accept, and still stores the message', async () => {
    const { t, api } = await start()
    const video = api.addMedia('video/mp4', Buffer.alloc(100))
    const res = await postFromTwilio(t.app, '/channels/twilio/messages', incomingWhatsapp(CITIZEN, '', {
      NumMedia: '2', MediaUrl0: 'http://169.254.169.254/latest/meta-data', MediaContentType0: 'image/png',
      MediaUrl1: video, MediaContentType1: 'video/mp4',
    }))
    expect(res.statusCode).toBe(200)
    expect(api.mediaRequests).toHaveLength(0)
    const message = await t.database.db.message.findFirstOrThrow({ where: { direction: 'inbound' }, include: { attachments: true } })
    expect(message.attachments).toHaveLength(0)
    expect(JSON.parse(message.meta!).refusedMedia.map((r: { reason: string }) => r.reason)).toEqual(['host', 'type'])
  })

  it.each(['sqlite', 'postgresql'] as const)('treats SMS and WhatsApp from the same number as one citizen (%s)', async db => {
    const { t } = await start({}, db)
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms('+33 6 12 34 56 78', 'bonjour'))
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingWhatsapp(CITIZEN, 'bonjour'))
    const identities = await t.database.db.identity.findMany({ orderBy: { kind: 'asc' } })
    expect(identities.map(i => [i.kind, i.value])).toEqual([['phone', CITIZEN], ['whatsapp', CITIZEN]])
    expect(identities[0].citizenId).toBe(identities[1].citizenId)
    expect(await t.database.db.citizen.count()).toBe(1)
  })

  it('links them the other way round too (WhatsApp first, then SMS), and keeps other numbers apart', async () => {
    const { t } = await start()
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingWhatsapp(CITIZEN, 'bonjour'))
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour'))
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms('+33698765432', 'bonjour'))
    const identities = await t.database.db.identity.findMany({ where: { value: CITIZEN } })
    expect(new Set(identities.map(i => i.citizenId)).size).toBe(1)
    expect(await t.database.db.citizen.count()).toBe(2)
  })
})

describe('WhatsApp 24-hour window', () => {
  // The citizen wrote 25 hours ago; then the town has something to say (e.g. a ticket update).
  async function notifyAfterWindow (env: Record<string, string> = {}, before = async (_t: TestApp) => {}) {
    const { t, api } = await start(env)
    await before(t)
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingWhatsapp(CITIZEN, 'bonjour'))
    await t.core.idle()
    await waitFor(async () => await t.database.db.outboxItem.count({ where: { status: 'pending' } }) === 0, WAIT_MS, 'the replies')
    const baseline = api.sent.length
    const conversation = await t.database.db.conversation.findFirstOrThrow({ where: { identity: { kind: 'whatsapp' } } })
    await t.database.db.identity.update({ where: { id: conversation.identityId }, data: { lastInboundAt: new Date(Date.now() - 25 * 3600_000) } })
    const message = await enqueueOutbound(t.database.db, {
      conversationId: conversation.id, citizenId: conversation.citizenId, channel: 'twilio', author: 'agent', now: new Date(),
      text: 'Votre demande DEM-2026-00042 est résolue.\nMerci de votre signalement.',
    })
    t.core.outbox.wake()
    const done = await waitFor(() => t.database.db.message.findFirst({ where: { id: message.id, deliveryStatus: { notIn: ['pending'] } } }), WAIT_MS, 'the send outcome')
    return { t, api, message: done, sent: api.sent.slice(baseline) }
  }

  it('sends the approved template instead of free text, and records it', async () => {
    const { message, sent } = await notifyAfterWindow({ TWILIO_WHATSAPP_TEMPLATE_SID: TEMPLATE_SID })
    expect(sent).toHaveLength(1)
    expect(sent[0].params).toMatchObject({ To: `whatsapp:${CITIZEN}`, ContentSid: TEMPLATE_SID })
    expect(sent[0].params.Body).toBeUndefined()
    expect(JSON.parse(sent[0].params.ContentVariables)).toEqual({ 1: 'Votre demande DEM-2026-00042 est résolue. Merci de votre signalement.' })
    expect(JSON.parse(message.meta!).twilio.whatsappWindow).toBe('template')
  })

  it('falls back to SMS when the town enabled it', async () => {
    const { message, sent } = await notifyAfterWindow({ TWILIO_WHATSAPP_SMS_FALLBACK: 'true' })
    expect(sent).toHaveLength(1)
    expect(sent[0].params).toMatchObject({ To: CITIZEN, From: TEST_SMS_FROM })
    expect(sent[0].params.Body).toContain('DEM-2026-00042')
    expect(JSON.parse(message.meta!).twilio.whatsappWindow).toBe('sms_fallback')
  })

  it('does not fall back to SMS for a number that sent STOP by SMS', async () => {
    const { message, sent } = await notifyAfterWindow({ TWILIO_WHATSAPP_SMS_FALLBACK: 'true' }, async t => {
      await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'STOP'))
      await t.core.idle()
    })
    expect(sent).toHaveLength(0)
    expect(message.deliveryStatus).toBe('failed')
    expect(message.deliveryError).toMatch(/whatsapp_window_closed.*STOP/)
  })

  it('marks the message failed, visible to agents, when neither is configured', async () => {
    const { t, message, sent } = await notifyAfterWindow()
    expect(sent).toHaveLength(0)
    expect(message.deliveryStatus).toBe('failed')
    expect(message.deliveryError).toContain('whatsapp_window_closed')
    const conversation = await t.database.db.conversation.findFirstOrThrow()
    expect(conversation).toMatchObject({ needsHuman: true, needsHumanReason: 'send_failed' })
  })
})
