// Issue 19, item 2: a Twilio send whose outcome is unknown after a stop is checked before it is
// sent again. The "stop" is made in the database: the row still holds the lease of an attempt that
// never recorded its outcome, exactly what kill -9 during messages.create leaves behind.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { incomingSms, postFromTwilio, startTwilioApi, twilioEnv, TEST_ACCOUNT_SID, TEST_PUBLIC_URL, TEST_SMS_FROM, type TwilioStandIn } from '../../stand-ins/twilio-api.ts'

const CITIZEN = '+33612345670'

describe.each(['sqlite', 'postgresql'] as const)('an SMS of unknown outcome on %s', (db) => {
  let t: TestApp | undefined
  let api: TwilioStandIn | undefined
  afterEach(async () => { await t?.stopAll(); await api?.close(); t = api = undefined })

  async function answeredOnce () {
    api = await startTwilioApi()
    t = await buildTestApp({ db, env: twilioEnv(api), configEnv: { PUBLIC_URL: TEST_PUBLIC_URL } })
    await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(CITIZEN, 'bonjour'))
    await waitFor(async () => await t!.database.db.outboxItem.count({ where: { status: 'sent' } }) === 2, 20_000, 'two SMS sent')
    await t.core.outbox.stop()
    const item = await t.database.db.outboxItem.findFirstOrThrow({ orderBy: { messageId: 'desc' }, include: { message: true } })
    return { t, api, item }
  }

  /** As if the process had died during this row's send: leased, its outcome never written. */
  async function stoppedDuringSend (t: TestApp, id: string) {
    const past = new Date(Date.now() - 1000)
    const item = await t.database.db.outboxItem.update({ where: { id }, data: { status: 'pending', leaseId: 'lease-of-the-dead-process', lockedUntil: past, nextAttemptAt: past, sentAt: null } })
    await t.database.db.message.update({ where: { id: item.messageId }, data: { providerMessageId: null, deliveryStatus: 'pending' } })
  }

  it('finds it in Twilio\'s Messages list and does not send it again', async () => {
    const { t, api, item } = await answeredOnce()
    const sid = item.message.providerMessageId
    await stoppedDuringSend(t, item.id)
    t.core.outbox.start()
    await waitFor(async () => (await t.database.db.outboxItem.findUniqueOrThrow({ where: { id: item.id } })).status === 'sent', 20_000, 'recorded as sent')
    expect(api.sent).toHaveLength(2) // not a third SMS
    expect(api.listRequests.at(-1)).toMatchObject({ To: CITIZEN })
    expect((await t.database.db.message.findUniqueOrThrow({ where: { id: item.messageId } })).providerMessageId).toBe(sid)
  })

  it('records it from a late status callback, whose URL carries the outbox id', async () => {
    const { t, api, item } = await answeredOnce()
    const sid = item.message.providerMessageId!
    expect(api.sent.at(-1)!.params.StatusCallback).toBe(`${TEST_PUBLIC_URL}/channels/twilio/status?outboxId=${item.id}`)
    await stoppedDuringSend(t, item.id)
    const res = await postFromTwilio(t.app, `/channels/twilio/status?outboxId=${item.id}`, { MessageSid: sid, MessageStatus: 'delivered', AccountSid: TEST_ACCOUNT_SID, To: CITIZEN, From: TEST_SMS_FROM })
    expect(res.statusCode).toBe(204)
    expect(await t.database.db.outboxItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: 'sent', leaseId: null })
    expect(await t.database.db.message.findUniqueOrThrow({ where: { id: item.messageId } })).toMatchObject({ providerMessageId: sid, deliveryStatus: 'delivered' })
    t.core.outbox.start()
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(api.sent).toHaveLength(2)
  })

  it('sends it once when Twilio never got it', async () => {
    const { t, api, item } = await answeredOnce()
    await stoppedDuringSend(t, item.id)
    await t.database.db.message.update({ where: { id: item.messageId }, data: { text: 'Un texte que Twilio n\'a jamais reçu.' } })
    t.core.outbox.start()
    await waitFor(() => api.sent.length === 3, 20_000, 'the SMS sent again')
    await waitFor(async () => (await t.database.db.outboxItem.findUniqueOrThrow({ where: { id: item.id } })).status === 'sent', 20_000, 'recorded as sent')
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(api.sent).toHaveLength(3)
    expect(api.sent[2]!.params.Body).toBe('Un texte que Twilio n\'a jamais reçu.')
  })
})
