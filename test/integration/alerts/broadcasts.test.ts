// Broadcasts (issue 20): who gets them and who does not (and why), at what pace, cancelled
// mid-way, unsubscribed in one click, and answered like any conversation.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { signIn } from '../tickets/ticket-fixtures.ts'
import { startTwilioApi, twilioEnv, TEST_PUBLIC_URL, type TwilioStandIn } from '../../stand-ins/twilio-api.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { createTownData } from '../../../src/town/town-data.ts'
import { storeOf } from '../../../src/db/transaction.ts'
import { addSubscriber, channelsWith, memoryEmail } from './alert-fixtures.ts'
import { openChat } from '../../helpers/webchat-client.ts'

const WAIT_MS = 20_000
const HOUR = 3_600_000

let t: TestApp | undefined
let api: TwilioStandIn | undefined
afterEach(async () => {
  await t?.stopAll()
  await api?.close()
  t = api = undefined
})

/** Quiet hours that contain this very moment in Paris (or that never apply). */
function quietNow (quiet: boolean): string {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(new Date()))
  return quiet ? `${hour}-${(hour + 2) % 24}` : '0-0'
}

async function start (options: { env?: Record<string, string>, config?: Record<string, string>, db?: 'sqlite' | 'postgresql', listen?: boolean } = {}) {
  api = await startTwilioApi()
  const email = memoryEmail()
  t = await buildTestApp({
    db: options.db,
    listen: options.listen,
    env: twilioEnv(api, options.env),
    channels: channelsWith(email.module),
    configEnv: { PUBLIC_URL: TEST_PUBLIC_URL, QUIET_HOURS: '0-0', ...options.config },
    answerer: createKeywordAnswerer(),
  })
  const manager = await signIn(t, 'manager')
  return { t, api, email: email.channel, manager }
}

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`broadcast preview on ${db}`, () => {
    it('counts recipients per channel and exclusions by reason: STOP, no consent, WhatsApp window, quiet hours', async () => {
      const { t, manager } = await start({ db, config: { QUIET_HOURS: quietNow(true) } })
      const { db: prisma } = t.database
      await addSubscriber(prisma, { kind: 'phone', value: '+33600000001' })
      await addSubscriber(prisma, { kind: 'phone', value: '+33600000002', optedOut: true })
      await addSubscriber(prisma, { kind: 'email', value: 'sans.consentement@example.org', consent: false })
      await addSubscriber(prisma, { kind: 'whatsapp', value: '+33600000003', lastInboundAt: new Date(Date.now() - 48 * HOUR) })
      await addSubscriber(prisma, { kind: 'whatsapp', value: '+33600000004', lastInboundAt: new Date(Date.now() - HOUR) })
      await addSubscriber(prisma, { kind: 'email', value: 'habitant@example.org', lang: 'en' })
      await addSubscriber(prisma, { kind: 'webchat', value: 'session-1' })
      await addSubscriber(prisma, { kind: 'phone', value: '+33600000005', topic: 'water' })
      await addSubscriber(prisma, { kind: 'phone', value: '+33600000006', zone: 'rue des Lilas' })
      const body = { topic: 'roadworks', text: { fr: 'Rue des Roses fermée demain.', en: 'Rue des Roses closed tomorrow.' }, zone: 'rue des Roses' }

      const preview = await t.app.inject({ method: 'POST', url: '/api/broadcasts/preview', headers: manager.auth, payload: body })
      expect(preview.statusCode, preview.body).toBe(200)
      expect(preview.json()).toEqual({
        recipients: { sms: 1, whatsapp: 1, email: 1, webchat: 1 },
        excluded: { stop: 1, no_consent: 1, whatsapp_window: 1 },
        held: { quiet_hours: 2 },
      })
      // Urgent: nothing waits for the morning.
      const urgent = await t.app.inject({ method: 'POST', url: '/api/broadcasts/preview', headers: manager.auth, payload: { ...body, urgent: true } })
      expect(urgent.json().held).toEqual({})

      // Created: the figures are those of the preview, and texts wait for the morning.
      const created = await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: manager.auth, payload: body })
      expect(created.statusCode, created.body).toBe(201)
      expect(created.json()).toMatchObject({ recipients: { sms: 1, whatsapp: 1, email: 1, webchat: 1 }, excluded: { stop: 1, no_consent: 1, whatsapp_window: 1 } })
      await t.broadcaster.idle()
      const rows = await prisma.outboxItem.findMany({ where: { broadcastId: created.json().id }, include: { message: true } })
      expect(rows).toHaveLength(4)
      const sms = rows.filter(r => r.channel === 'twilio')
      expect(sms.every(r => r.heldReason === 'quiet_hours' && r.nextAttemptAt.getTime() > Date.now() + 30 * 60_000)).toBe(true)
      // Each in their language, with the way out of their channel.
      const english = rows.find(r => r.channel === 'email')!.message
      expect(english.text).toMatch(/^\[Roadworks\] Rue des Roses closed tomorrow\.\n\nTo stop receiving "Roadworks" messages: https:\/\/mairie\.example\.org\/alerts\/unsubscribe\?t=/)
      expect(sms[0].message.text).toBe('[Travaux] Rue des Roses fermée demain.\nSTOP pour vous désabonner.')
    })
  })
}

describe('broadcasts', () => {
  it('refuses bad input with 400 and unknown topics, and is for managers only', async () => {
    const { t, manager } = await start()
    const agent = await signIn(t, 'agent')
    expect((await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: agent.auth, payload: { topic: 'roadworks', text: { fr: 'x' } } })).statusCode).toBe(403)
    for (const payload of [{}, { topic: 'roadworks' }, { topic: 'nope', text: { fr: 'x' } }, { topic: 'roadworks', text: { fr: 'x' }, sendAt: 'demain' }, { topic: 'roadworks', text: { fr: 'x' }, urgent: 'yes' }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: manager.auth, payload })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json()).toMatchObject({ error: 'validation_failed' })
    }
    expect(await t.database.db.broadcast.count()).toBe(0)
  })

  it('sends SMS at the configured pace per sender through the Twilio stand-in', async () => {
    const { t, api, manager } = await start({ config: { BROADCAST_TWILIO_MPS: '4' } })
    for (let i = 0; i < 12; i++) await addSubscriber(t.database.db, { kind: 'phone', value: `+336000001${String(i).padStart(2, '0')}` })
    const arrivals: number[] = []
    const note = () => { while (arrivals.length < api.sent.length) arrivals.push(Date.now()) }
    const watcher = setInterval(note, 5)
    const started = Date.now()
    const res = await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: manager.auth, payload: { topic: 'roadworks', text: { fr: 'Travaux rue Nationale' }, urgent: true } })
    expect(res.json().recipients).toEqual({ sms: 12 })
    await waitFor(() => api.sent.length >= 12, WAIT_MS, '12 SMS')
    clearInterval(watcher)
    note()
    // 12 messages at 4 per second: the last leaves ≥ 2.75 s after the first; in any second about 4
    // (sends start 250 ms apart; on a loaded machine an HTTP request may arrive late, hence +2).
    expect(arrivals[11] - arrivals[0]).toBeGreaterThanOrEqual(2_400) // the first request also opens the connection
    expect(arrivals[11] - started).toBeGreaterThanOrEqual(2_750)
    const perSecond = Math.max(...arrivals.map(a => arrivals.filter(b => b >= a && b < a + 1000).length))
    expect(perSecond).toBeLessThanOrEqual(6)
    expect(api.sent.every(s => s.params.From === '+33757000001')).toBe(true)
    const status = await waitFor(async () => {
      const s = (await t.app.inject({ method: 'GET', url: `/api/broadcasts/${res.json().id}`, headers: manager.auth })).json()
      return s.status === 'done' ? s : undefined
    }, WAIT_MS, 'done')
    expect(status).toMatchObject({ progress: { expected: 12, done: 12, left: 0, percent: 100 }, byChannel: { sms: { planned: 12, sent: 12, waiting: 0 } } })
  })

  it('keeps the pace after a stop without holding the citizens\' replies behind the backlog', async () => {
    const { t, api, manager } = await start({ config: { BROADCAST_TWILIO_MPS: '2' } })
    for (let i = 0; i < 20; i++) await addSubscriber(t.database.db, { kind: 'phone', value: `+336000002${String(i).padStart(2, '0')}` })
    await t.core.outbox.stop()
    const res = await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: manager.auth, payload: { topic: 'roadworks', text: { fr: 'Travaux' }, urgent: true } })
    await t.broadcaster.idle()
    // As after a long stop: every row is overdue.
    await t.database.db.outboxItem.updateMany({ where: { broadcastId: res.json().id }, data: { nextAttemptAt: new Date(Date.now() - 60_000) } })
    t.core.outbox.start()
    const chat = await openChat(t.app)
    const asked = Date.now()
    await chat.say('bonjour')
    await waitFor(async () => (await chat.messages()).some(m => m.direction === 'outbound'), WAIT_MS, 'answer')
    expect(Date.now() - asked).toBeLessThan(3_000)
    await new Promise(resolve => setTimeout(resolve, 1_500))
    // 2 per second: nowhere near the 20 due.
    expect(api.sent.length).toBeLessThanOrEqual(5)
  })

  it('can be cancelled mid-way: what has not left stays unsent', async () => {
    const { t, manager } = await start({ config: { BROADCAST_CHAT_PER_SECOND: '10' } })
    for (let i = 0; i < 40; i++) await addSubscriber(t.database.db, { kind: 'webchat', value: `session-cancel-${i}` })
    const res = await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: manager.auth, payload: { topic: 'roadworks', text: { fr: 'Coupure de courant' }, urgent: true } })
    const id = res.json().id
    const sentCount = () => t.database.db.outboxItem.count({ where: { broadcastId: id, status: 'sent' } })
    await waitFor(async () => await sentCount() >= 5, WAIT_MS, 'some sent')
    const cancel = await t.app.inject({ method: 'POST', url: `/api/broadcasts/${id}/cancel`, headers: manager.auth })
    expect(cancel.statusCode, cancel.body).toBe(200)
    expect(cancel.json().status).toBe('cancelled')
    const after = await sentCount()
    expect(after).toBeLessThan(40)
    await new Promise(resolve => setTimeout(resolve, 1_000))
    expect(await sentCount()).toBe(after)
    const status = (await t.app.inject({ method: 'GET', url: `/api/broadcasts/${id}`, headers: manager.auth })).json()
    expect(status.byChannel.webchat.cancelled + status.byChannel.webchat.sent).toBe(40)
    expect(status.byChannel.webchat.waiting).toBe(0)
  })

  it('email carries a signed one-click unsubscribe link that works by HTTP POST (RFC 8058), not by GET', async () => {
    const { t, email, manager } = await start({ listen: true })
    const { identity } = await addSubscriber(t.database.db, { kind: 'email', value: 'lucie@example.org' })
    await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: manager.auth, payload: { topic: 'roadworks', text: { fr: 'Travaux rue Nationale' } } })
    await waitFor(() => email.sent.length === 1, WAIT_MS, 'mail')
    const bulk = email.sent[0].bulk!
    expect(bulk.subject).toBe('Alerte Travaux – Belleville-sur-Loire')
    const link = new URL(bulk.unsubscribeUrl!)
    expect(email.sent[0].text).toContain(bulk.unsubscribeUrl)
    const local = `${t.url}${link.pathname}${link.search}`

    // A link scanner's GET only shows the button.
    const page = await fetch(local)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post"')
    expect(await t.database.db.alertSubscription.count()).toBe(1)
    // A forged token is refused.
    const forged = await fetch(`${t.url}/alerts/unsubscribe?t=${link.searchParams.get('t')!.slice(0, -2)}xx`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
    expect(forged.status).toBe(400)
    expect(await forged.json()).toMatchObject({ error: 'validation_failed' })

    const oneClick = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
    expect(oneClick.status).toBe(200)
    expect(await t.database.db.alertSubscription.count()).toBe(0)
    const events = await t.database.db.consentEvent.findMany({ where: { identityId: identity.id }, orderBy: { createdAt: 'asc' } })
    expect(events.at(-1)).toMatchObject({ action: 'alerts_off', topic: 'roadworks', via: 'unsubscribe_link' })
    // Then nobody is left to reach.
    const preview = await t.app.inject({ method: 'POST', url: '/api/broadcasts/preview', headers: manager.auth, payload: { topic: 'roadworks', text: { fr: 'x' } } })
    expect(preview.json().recipients).toEqual({})
  })

  it('is an alert in force from its sending until its end (« y a-t-il une alerte ? »)', async () => {
    const { t, manager } = await start()
    const res = await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: manager.auth, payload: { topic: 'water', text: { fr: 'Coupure d\'eau rue Nationale jusqu\'à 18 h', en: 'Water cut until 6 pm' }, endsAt: new Date(Date.now() + 2 * HOUR).toISOString() } })
    expect(res.statusCode).toBe(201)
    const data = createTownData(storeOf(t.database.db), t.config, 0)
    expect(await data.currentAlerts(new Date())).toEqual([expect.objectContaining({ topic: 'water', text: { fr: 'Coupure d\'eau rue Nationale jusqu\'à 18 h', en: 'Water cut until 6 pm' } })])
    expect(await data.currentAlerts(new Date(Date.now() + 3 * HOUR))).toEqual([])
  })
})

describe('subscribing in the conversation', () => {
  it('records the consent with how it was given, and the next broadcast reaches the citizen on that channel', async () => {
    t = await buildTestApp({ configEnv: { QUIET_HOURS: '0-0' } })
    const manager = await signIn(t, 'manager')
    const chat = await openChat(t.app)
    await chat.say('Je veux recevoir les alertes travaux')
    await t.core.idle()
    const identity = await t.database.db.identity.findUniqueOrThrow({ where: { kind_value: { kind: 'webchat', value: chat.sessionId } } })
    // The dialog may first ask for an explicit yes naming the topic and the channel (issue 16).
    if (!await t.database.db.alertSubscription.count({ where: { identityId: identity.id } })) { await chat.say('oui'); await t.core.idle() }
    expect(await t.database.db.alertSubscription.findMany({ where: { identityId: identity.id }, select: { topic: true } })).toEqual([{ topic: 'roadworks' }])
    expect(await t.database.db.consentEvent.findFirst({ where: { identityId: identity.id } })).toMatchObject({ action: 'alerts_on', topic: 'roadworks', via: 'conversation' })
    await t.app.inject({ method: 'POST', url: '/api/broadcasts', headers: manager.auth, payload: { topic: 'roadworks', text: { fr: 'Rue Nationale fermée demain.' } } })
    await waitFor(async () => (await chat.messages()).find(m => m.text === '[Travaux] Rue Nationale fermée demain.'), WAIT_MS, 'alert in the chat')
  })
})
