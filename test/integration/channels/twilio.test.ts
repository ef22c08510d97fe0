// SMS through Twilio, end to end: the real app on a real database, the official twilio client
// talking to a local stand-in of Twilio's REST API, webhooks signed as Twilio signs them.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import {
  incomingSms, newSid, postFromTwilio, startTwilioApi, twilioEnv, twilioSignature,
  TEST_ACCOUNT_SID, TEST_PUBLIC_URL, TEST_SERVICE_SID, TEST_SMS_FROM, type TwilioStandIn,
} from '../../stand-ins/twilio-api.ts'

const CITIZEN = '+33612345678'
// Generous: the suite runs beside others on a busy machine; a passing test returns as soon as it can.
const WAIT_MS = 20_000
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

let t: TestApp | undefined
let api: TwilioStandIn | undefined
afterEach(async () => {
  await t?.stopAll()
  await api?.close()
  t = api = undefined
})

async function start (db: 'sqlite' | 'postgresql' = 'sqlite', extra: Record<string, string> = {}) {
  api = await startTwilioApi()
  t = await buildTestApp({ db, env: twilioEnv(api, extra), configEnv: { PUBLIC_URL: TEST_PUBLIC_URL } })
  return { t, api }
}

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`SMS on ${db}`, () => {
    it('answers "bonjour" by SMS through the REST API, after storing it, with a status callback', async () => {
      const { t, api } = await start(db)
      const res = await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour'))
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/xml/)
      expect(res.body).toBe(EMPTY_TWIML) // no inline reply: it goes through the outbox
      const inbound = await t.database.db.message.findFirstOrThrow({ where: { direction: 'inbound' }, include: { conversation: { include: { identity: true } } } })
      expect(inbound.text).toBe('bonjour')
      expect(inbound.conversation.identity).toMatchObject({ kind: 'phone', value: CITIZEN })

      const sent = await waitFor(() => api.sent.length >= 2 && api.sent, WAIT_MS, 'two SMS')
      expect(sent.map(s => s.params.To)).toEqual([CITIZEN, CITIZEN])
      expect(sent.every(s => s.params.From === TEST_SMS_FROM && s.params.StatusCallback.startsWith(`${TEST_PUBLIC_URL}/channels/twilio/status?outboxId=`))).toBe(true)
      // The first SMS is the automated-assistant notice with the privacy link; then the answer.
      expect(sent[0].params.Body).toMatch(/automati/i)
      expect(sent[0].params.Body).toContain(`${TEST_PUBLIC_URL}/privacy`)
      expect(sent[1].params.Body.trim()).not.toBe('')
      // The welcome's typographic apostrophes were made GSM-7 so the SMS keeps 160 characters per part.
      expect(sent[0].params.Body).not.toMatch(/[’«»]/)
      const outbound = await waitFor(() => t.database.db.message.findMany({ where: { direction: 'outbound', providerMessageId: { not: null } } }).then(m => m.length === 2 && m), WAIT_MS)
      expect(outbound.every(m => /^SM[0-9a-f]{32}$/.test(m.providerMessageId!))).toBe(true)
    })
  })
}

describe('Twilio webhook security', () => {
  it('refuses unsigned, forged and re-targeted webhooks with 403 and stores nothing', async () => {
    const { t, api } = await start()
    const params = incomingSms(CITIZEN, 'bonjour')
    const path = '/channels/twilio/messages'
    const cases = [
      null, // unsigned
      'bm90IGEgc2lnbmF0dXJl', // forged
      twilioSignature(path, params, 'another-accounts-token'), // signed with another token
      twilioSignature('/channels/twilio/status', params), // signed for another URL
      twilioSignature(path, { ...params, Body: 'autre chose' }), // body changed after signing
    ]
    for (const signature of cases) {
      const res = await postFromTwilio(t.app, path, params, signature)
      expect(res.statusCode, String(signature)).toBe(403)
      expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_signature' })
    }
    const status = await postFromTwilio(t.app, '/channels/twilio/status', { MessageSid: newSid('SM'), MessageStatus: 'failed', AccountSid: TEST_ACCOUNT_SID }, 'forged')
    expect(status.statusCode).toBe(403)
    await t.core.idle()
    expect(await t.database.db.message.count()).toBe(0)
    expect(await t.database.db.identity.count()).toBe(0)
    expect(api.sent).toHaveLength(0)
  })

  it('checks the signature on the URL with its query string, as configured in Twilio', async () => {
    const { t } = await start()
    const params = incomingSms(CITIZEN, 'bonjour')
    const ok = await postFromTwilio(t.app, '/channels/twilio/messages?town=belleville', params)
    expect(ok.statusCode).toBe(200)
    const stripped = await postFromTwilio(t.app, '/channels/twilio/messages', params, twilioSignature('/channels/twilio/messages?town=belleville', params))
    expect(stripped.statusCode).toBe(403)
  })

  it('refuses a signed message to a number the town does not serve, with 400 and nothing stored', async () => {
    const { t } = await start()
    const res = await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour', { To: '+33757999999' }))
    expect(res.statusCode).toBe(400)
    expect(Object.keys(JSON.parse(res.body)).sort()).toEqual(['error', 'message'])
    expect(await t.database.db.message.count()).toBe(0)
  })

  it('answers a repeated Twilio delivery (same MessageSid) only once', async () => {
    const { t, api } = await start()
    const params = incomingSms(CITIZEN, 'bonjour')
    const [a, b] = await Promise.all([postFromTwilio(t.app, '/channels/twilio/messages', params), postFromTwilio(t.app, '/channels/twilio/messages', params)])
    const c = await postFromTwilio(t.app, '/channels/twilio/messages', params)
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 200, 200])
    await t.core.idle()
    await waitFor(() => api.sent.length >= 2, WAIT_MS)
    await new Promise(resolve => setTimeout(resolve, 200)) // time for a wrong third send to show up
    expect(await t.database.db.message.count({ where: { direction: 'inbound' } })).toBe(1)
    expect(api.sent).toHaveLength(2) // the notice and one answer
  })
})

describe('Messaging Service', () => {
  it('accepts messages to any number of the service and replies through the service', async () => {
    api = await startTwilioApi()
    t = await buildTestApp({
      env: { ...twilioEnv(api), TWILIO_SMS_FROM: '', TWILIO_WHATSAPP_FROM: '', TWILIO_MESSAGING_SERVICE_SID: TEST_SERVICE_SID },
      configEnv: { PUBLIC_URL: TEST_PUBLIC_URL },
    })
    const res = await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour', { To: '+33757000077', MessagingServiceSid: TEST_SERVICE_SID }))
    expect(res.statusCode).toBe(200)
    const sent = await waitFor(() => api!.sent.length >= 2 && api!.sent, WAIT_MS)
    expect(sent[0].params).toMatchObject({ To: CITIZEN, MessagingServiceSid: TEST_SERVICE_SID })
    expect(sent[0].params.From).toBeUndefined()
    const other = await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour', { To: '+33757000077', MessagingServiceSid: 'MG' + '0'.repeat(32) }))
    expect(other.statusCode).toBe(400)
  })
})

describe('delivery tracking', () => {
  async function firstReply () {
    const { t, api } = await start()
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour'))
    await waitFor(() => api.sent.length >= 2, WAIT_MS)
    return waitFor(() => t.database.db.message.findFirst({ where: { direction: 'outbound', providerMessageId: { not: null } }, orderBy: { id: 'asc' } }), WAIT_MS)
  }
  const status = (sid: string, MessageStatus: string, extra: Record<string, string> = {}) =>
    postFromTwilio(t!.app, '/channels/twilio/status', { MessageSid: sid, SmsSid: sid, MessageStatus, SmsStatus: MessageStatus, AccountSid: TEST_ACCOUNT_SID, To: CITIZEN, From: TEST_SMS_FROM, ApiVersion: '2010-04-01', ...extra })

  it('records sent then delivered, and ignores a late "sent"', async () => {
    const reply = await firstReply()
    for (const s of ['queued', 'sent', 'delivered', 'sent']) expect((await status(reply.providerMessageId!, s)).statusCode).toBe(204)
    const row = await t!.database.db.message.findUniqueOrThrow({ where: { id: reply.id } })
    expect(row.deliveryStatus).toBe('delivered')
  })

  it('shows agents an undelivered SMS with Twilio\'s error code', async () => {
    const reply = await firstReply()
    expect((await status(reply.providerMessageId!, 'undelivered', { ErrorCode: '30005' })).statusCode).toBe(204)
    const row = await t!.database.db.message.findUniqueOrThrow({ where: { id: reply.id }, include: { conversation: true } })
    expect(row.deliveryStatus).toBe('undelivered')
    expect(row.deliveryError).toContain('30005')
    expect(row.conversation).toMatchObject({ needsHuman: true, needsHumanReason: 'send_failed' })
  })

  it('refuses a status callback without a MessageSid with 400', async () => {
    await firstReply()
    const res = await postFromTwilio(t!.app, '/channels/twilio/status', { MessageStatus: 'delivered', AccountSid: TEST_ACCOUNT_SID })
    expect(res.statusCode).toBe(400)
  })
})

describe('send failures', () => {
  it('gives up at once on an invalid number (21211) and flags the conversation', async () => {
    const { t, api } = await start()
    api.failNext(2, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." })
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour'))
    const failed = await waitFor(() => t.database.db.outboxItem.findMany({ where: { status: 'failed' } }).then(rows => rows.length === 2 && rows), WAIT_MS)
    expect(failed.every(row => row.attempts === 1 && row.lastError?.includes('21211'))).toBe(true)
    expect(await t.database.db.conversation.findFirst({ where: { needsHumanReason: 'send_failed' } })).not.toBeNull()
  })

  it('retries a 503 and a dropped connection, then delivers exactly once', async () => {
    const { t, api } = await start()
    api.failNext(1, { status: 503, code: 20503, message: 'Service unavailable' })
    api.failNext(1, { status: 0 })
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour'))
    const sent = await waitFor(() => t.database.db.outboxItem.findMany({ where: { status: 'sent' } }).then(rows => rows.length === 2 && rows), WAIT_MS)
    expect(sent.reduce((n, row) => n + row.attempts, 0)).toBe(4)
    expect(await t.database.db.message.count({ where: { direction: 'outbound', deliveryStatus: 'failed' } })).toBe(0)
  })
})
