// Issue 18: figures recorded when things happen, the dashboard API, drill-down, CSV, attachments, names.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { signedInAgent } from './agent-sessions.ts'
import { townDay } from '../../../src/metrics/metric-events.ts'
import { dashboardFigures } from '../../../src/inbox/dashboard/figures.ts'
import { storeOf } from '../../../src/db/transaction.ts'

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`the managers' dashboard on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('counts conversations, hand-offs, an agent\'s first response and tickets as they happen, and drills down to them', async () => {
      t = await buildTestApp({ db })
      const agent = await signedInAgent(t, 'agent', 'camille')
      const manager = await signedInAgent(t, 'manager', 'dominique')
      const chat = await openChat(t.app)
      await chat.say('Je voudrais parler à quelqu\'un')
      const conversation = await waitFor(() => t.database.db.conversation.findFirst({ where: { needsHuman: true } }), 5000, 'hand-off')
      await t.core.receive({ channel: 'email', externalId: '<dash@example.org>', from: { kind: 'email', value: 'paul@example.org' }, text: 'Bonjour', meta: { subject: 'Question', fromName: 'Paul Durand' } })
      await t.core.idle()
      const post = (url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: agent.bearer, payload })
      expect((await post(`/api/conversations/${conversation.id}/messages`, { text: 'Bonjour, je vous écoute.' })).statusCode).toBe(201)
      expect((await post(`/api/conversations/${conversation.id}/messages`, { text: 'Autre chose ?' })).statusCode).toBe(201)
      const ticket = await post('/api/tickets', { citizenId: conversation.citizenId, conversationId: conversation.id, category: 'roads', description: 'Nid-de-poule' })
      expect(ticket.statusCode).toBe(201)
      const ticketId = (ticket.json() as { ticket: { id: string } }).ticket.id
      for (const status of ['in_progress', 'resolved']) {
        expect((await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticketId}`, headers: agent.bearer, payload: { status } })).statusCode).toBe(200)
      }

      const today = townDay(new Date())
      const res = await t.app.inject({ method: 'GET', url: `/api/dashboard?from=${today}&to=${today}`, headers: manager.bearer })
      expect(res.statusCode).toBe(200)
      const f = res.json()
      expect(f.conversationsOpened).toBe(2)
      expect(f.byChannel).toEqual(expect.arrayContaining([{ key: 'webchat', count: 1 }, { key: 'email', count: 1 }]))
      expect(f.handoffs).toEqual([{ key: 'asked_for_agent', count: 1 }])
      expect(f.answeredWithoutPerson).toBe(0.5)
      expect(f.firstResponse.count).toBe(1) // once per hand-off, not per reply
      expect(f.tickets).toEqual([expect.objectContaining({ key: 'voirie', opened: 1, resolved: 1 })])
      expect(f.intents.map((i: { key: string }) => i.key)).toContain('talk_to_agent')

      const drill = await t.app.inject({ method: 'GET', url: `/api/dashboard/drill-down?type=handoff&label=asked_for_agent&from=${today}&to=${today}`, headers: manager.bearer })
      expect(drill.json()).toMatchObject({ kind: 'conversations', rows: [{ id: conversation.id }] })
      const tickets = await t.app.inject({ method: 'GET', url: `/api/dashboard/drill-down?type=ticket_resolved&service=voirie&from=${today}&to=${today}`, headers: manager.bearer })
      expect(tickets.json()).toMatchObject({ kind: 'tickets', rows: [{ id: ticketId, status: 'resolved' }] })

      const csv = await t.app.inject({ method: 'GET', url: `/api/dashboard.csv?chart=handoffs&from=${today}&to=${today}`, headers: manager.bearer })
      expect(csv.headers['content-disposition']).toContain('attachment')
      expect(csv.body).toBe('\uFEFFreason,handoffs\r\nasked_for_agent,1\r\n')

      // Agents are refused, bad periods get a 400 with a message.
      expect((await t.app.inject({ method: 'GET', url: '/api/dashboard', headers: agent.bearer })).statusCode).toBe(403)
      const bad = await t.app.inject({ method: 'GET', url: '/api/dashboard?from=2026-13-45', headers: manager.bearer })
      expect(bad.statusCode).toBe(400)
      expect(bad.json()).toMatchObject({ error: 'validation_failed' })
      expect((await t.app.inject({ method: 'GET', url: '/api/dashboard/drill-down?type=nope', headers: manager.bearer })).statusCode).toBe(400)

      // The service's queue: the conversation with an open ticket of that service, counted beside the filters.
      const reopened = await post('/api/tickets', { citizenId: conversation.citizenId, conversationId: conversation.id, category: 'lighting', description: 'Lampadaire' })
      expect(reopened.statusCode).toBe(201)
      const queue = await t.app.inject({ method: 'GET', url: '/api/conversations?status=all&service=eclairage', headers: agent.bearer })
      expect(queue.json().conversations.map((c: { id: string }) => c.id)).toEqual([conversation.id])
      expect(queue.json().conversations[0]).toMatchObject({ serviceCode: 'eclairage', overdue: expect.any(Boolean) })
      const counts = await t.app.inject({ method: 'GET', url: '/api/conversations/counts?service=eclairage', headers: agent.bearer })
      expect(counts.json().counts).toMatchObject({ all: 1, closed: 0 })
      const admin = await signedInAgent(t, 'admin')
      const joined = await t.app.inject({ method: 'PUT', url: `/api/agents/${agent.id}/service`, headers: admin.bearer, payload: { serviceCode: 'eclairage' } })
      expect(joined.statusCode).toBe(200)
      expect((await t.app.inject({ method: 'PUT', url: `/api/agents/${agent.id}/service`, headers: admin.bearer, payload: { serviceCode: 'nope' } })).statusCode).toBe(400)
      expect((await t.app.inject({ method: 'PUT', url: `/api/agents/${agent.id}/service`, headers: agent.bearer, payload: { serviceCode: null } })).statusCode).toBe(403)
    })

    it('gives the same figures from daily rollups of closed days as from the events, and adds today\'s as they come', async () => {
      t = await buildTestApp({ db })
      const now = new Date('2026-06-15T10:00:00Z')
      const event = (type: string, day: string, more: Record<string, unknown> = {}) => ({ type, day, at: new Date(`${day}T10:00:00Z`), ...more })
      await t.database.db.metricEvent.createMany({ data: [
        event('conversation_opened', '2026-06-10', { channel: 'webchat', conversationId: 'c1' }), event('conversation_opened', '2026-06-10', { channel: 'webchat', conversationId: 'c2' }),
        event('conversation_opened', '2026-06-12', { channel: 'email', conversationId: 'c3' }), event('conversation_opened', '2026-06-14', { channel: 'webchat', conversationId: 'c4' }),
        event('conversation_opened', '2026-06-15', { channel: 'twilio', conversationId: 'c5' }),
        // c1 is handed to a person twice, on a closed day and on an open one: one conversation.
        event('handoff', '2026-06-10', { label: 'asked_for_agent', conversationId: 'c1' }), event('handoff', '2026-06-14', { label: 'misunderstood', conversationId: 'c1' }),
        event('handoff', '2026-06-15', { label: 'asked_for_agent', conversationId: 'c5' }),
        event('first_response', '2026-06-10', { seconds: 100, workSeconds: 50 }), event('first_response', '2026-06-12', { seconds: 300, workSeconds: 100 }),
        event('first_response', '2026-06-15', { seconds: 200, workSeconds: 200 }),
        event('satisfaction', '2026-06-10', { serviceCode: 'voirie', value: 4 }), event('satisfaction', '2026-06-15', { serviceCode: 'voirie', value: 2 }),
      ] })
      const period = { from: '2026-06-10', to: '2026-06-15' }
      const first = await dashboardFigures(storeOf(t.database.db), period, now)
      expect(first.conversationsOpened).toBe(5)
      expect(first.byChannel).toEqual([{ key: 'webchat', count: 3 }, { key: 'email', count: 1 }, { key: 'twilio', count: 1 }])
      expect(first.handoffs).toEqual(expect.arrayContaining([{ key: 'asked_for_agent', count: 2 }, { key: 'misunderstood', count: 1 }]))
      expect(first.answeredWithoutPerson).toBeCloseTo(0.6)
      expect(first.firstResponse).toEqual({ count: 3, medianSeconds: 200, p90Seconds: 300, medianWorkSeconds: 100, p90WorkSeconds: 200 })
      expect(first.satisfaction).toEqual([{ key: 'voirie', answers: 2, average: 3 }])
      // Days that ended more than 24 h before are rolled up (06-14, yesterday, is still read from the events).
      expect((await t.database.db.metricRolledDay.findMany({ orderBy: { day: 'asc' } })).map(d => d.day)).toEqual(['2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13'])
      expect(await dashboardFigures(storeOf(t.database.db), period, now)).toEqual(first)
      // A day later 06-14 is closed too: the same figures, now from its rollup.
      expect(await dashboardFigures(storeOf(t.database.db), period, new Date('2026-06-16T10:00:00Z'))).toEqual(first)
      expect(await t.database.db.metricRolledDay.count()).toBe(5)
    })
  })
}

describe('a service\'s own working hours (issue 18)', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('drive the queue\'s waiting clock and what the citizen waiting for a person is told', async () => {
    t = await buildTestApp()
    const agent = await signedInAgent(t, 'agent')
    const admin = await signedInAgent(t, 'admin')
    const setHours = async (openingHours: string) => {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/town/services/eclairage', headers: admin.bearer, payload: { openingHours } })
      expect(res.statusCode).toBe(200)
    }
    // One hour on the weekday after tomorrow (the town's), so that the answer does not depend on when the test runs.
    const weekday = new Date(Date.now() + 2 * 86_400_000).toLocaleDateString('en-GB', { timeZone: 'Europe/Paris', weekday: 'long' })
    const dayName = new Date(Date.now() + 2 * 86_400_000).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long' })
    await setHours(`${weekday.slice(0, 2)} 10:00-11:00`)
    expect((await t.app.inject({ method: 'PATCH', url: '/api/town/services/eclairage', headers: admin.bearer, payload: { openingHours: 'Lu-Ve 9h' } })).statusCode).toBe(400)

    const chat = await openChat(t.app)
    await chat.say('Bonjour')
    await waitFor(async () => (await chat.messages()).length >= 2, 5000, 'bot answers')
    const conversation = await t.database.db.conversation.findFirstOrThrow()
    const ticket = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: agent.bearer, payload: { citizenId: conversation.citizenId, conversationId: conversation.id, category: 'lighting', description: 'Lampadaire éteint' } })
    expect(ticket.statusCode).toBe(201)
    // The conversation is in the lighting service's queue: its hours, not the town hall's, say when a person answers.
    await chat.say('Je voudrais parler à quelqu\'un')
    const answer = await waitFor(async () => (await chat.messages()).find(m => m.direction === 'outbound' && m.text.includes('Un agent vous répondra')), 10_000, 'the hand-off')
    expect(answer.text.replace(/\s/g, ' ')).toContain(`Un agent vous répondra ${dayName} à partir de 10 h`)

    // The clock agents see counts the service's hours: all of a wait when it is always open, none of it when never.
    await t.database.db.conversation.update({ where: { id: conversation.id }, data: { needsHuman: true, needsHumanSince: new Date(Date.now() - 2 * 3600_000) } })
    const queued = async () => (await t.app.inject({ method: 'GET', url: '/api/conversations?status=all&service=eclairage', headers: agent.bearer })).json().conversations[0]
    await setHours('Mo-Su 00:00-24:00')
    await waitFor(async () => { const c = await queued(); return c.waitingWorkSeconds >= 7190 && c.overdue }, 20_000, 'every second counted, overdue')
    await setHours('off')
    await waitFor(async () => { const c = await queued(); return c.waitingWorkSeconds === 0 && !c.overdue && c.waitingSeconds >= 7190 }, 20_000, 'no second counted')
  })
})

describe('attachments and names in the inbox', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('serves an attachment to agents only, with its type, a sandbox and nosniff, and audits it', async () => {
    t = await buildTestApp()
    const agent = await signedInAgent(t, 'agent')
    await t.core.receive({
      channel: 'email', externalId: '<att@example.org>', from: { kind: 'email', value: 'lea@example.org' }, text: 'Voici la photo et le formulaire',
      attachments: [
        { filename: 'trou rue.jpg', contentType: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) },
        { filename: 'page.html', contentType: 'text/html', data: Buffer.from('<script>alert(1)</script>') },
      ],
      meta: { fromName: 'Léa "<b>" Petit' },
    })
    await t.core.idle()
    const [photo, page] = await t.database.db.attachment.findMany({ orderBy: { filename: 'desc' } })
    const get = (id: string, headers: Record<string, string> = agent.bearer) => t.app.inject({ method: 'GET', url: `/api/attachments/${id}`, headers })

    const image = await get(photo.id)
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/jpeg')
    expect(image.headers['content-disposition']).toBe('inline; filename="trou rue.jpg"; filename*=UTF-8\'\'trou%20rue.jpg')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.headers['content-security-policy']).toContain('sandbox')
    expect(image.rawPayload).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))
    // HTML from a citizen is never served as HTML.
    const html = await get(page.id)
    expect(html.headers['content-type']).toBe('application/octet-stream')
    expect(html.headers['content-disposition']).toMatch(/^attachment;/)
    expect((await get(photo.id, {})).statusCode).toBe(401)
    expect((await get('nope')).statusCode).toBe(404)
    expect(await t.database.db.auditEvent.count({ where: { action: 'attachment.opened', targetId: photo.id } })).toBe(1)

    // The email's display name names the citizen; an agent can correct it.
    const citizen = await t.database.db.citizen.findFirstOrThrow()
    expect(citizen.displayName).toBe('Léa "<b>" Petit')
    const list = await t.app.inject({ method: 'GET', url: '/api/conversations?status=all', headers: agent.bearer })
    expect(list.json().conversations[0].citizen).toMatchObject({ displayName: 'Léa "<b>" Petit', shortCode: expect.stringMatching(/^[0-9A-F]{4}$/) })
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/citizens/${citizen.id}`, headers: agent.bearer, payload: { displayName: 'Léa Petit' } })
    expect(renamed.statusCode).toBe(200)
    await t.core.receive({ channel: 'email', externalId: '<att-2@example.org>', from: { kind: 'email', value: 'lea@example.org' }, text: 'Merci', meta: { fromName: 'L. P.' } })
    await t.core.idle()
    expect((await t.database.db.citizen.findUniqueOrThrow({ where: { id: citizen.id } })).displayName).toBe('Léa Petit')
    expect((await t.app.inject({ method: 'PATCH', url: `/api/citizens/${citizen.id}`, headers: agent.bearer, payload: { displayName: 42 } })).statusCode).toBe(400)
  })

  it('names a WhatsApp-less web chat citizen by the name they give', async () => {
    t = await buildTestApp()
    const chat = await openChat(t.app)
    await chat.say('Bonjour, je m\'appelle Marie Curie et j\'ai une question')
    await waitFor(() => t.database.db.citizen.findFirst({ where: { displayName: 'Marie Curie' } }), 5000, 'named citizen')
  })
})

describe('the satisfaction question after a resolution', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('asks on the citizen\'s channel when the town says so, records a 1 to 5 per service, and never asks after STOP', async () => {
    t = await buildTestApp({ configEnv: { QUIET_HOURS: '0-0' } })
    const agent = await signedInAgent(t, 'agent')
    const manager = await signedInAgent(t, 'manager')
    // A town setting (town file `settings.satisfactionSurvey`), off until an administrator turns it on.
    const admin = await signedInAgent(t, 'admin')
    const { settings } = (await t.app.inject({ method: 'GET', url: '/api/town/settings', headers: admin.bearer })).json() as { settings: Record<string, unknown> }
    expect(settings.satisfactionSurvey).toBeUndefined()
    expect((await t.app.inject({ method: 'PUT', url: '/api/town/settings', headers: admin.bearer, payload: { settings: { ...settings, satisfactionSurvey: 'yes' } } })).statusCode).toBe(400)
    expect((await t.app.inject({ method: 'PUT', url: '/api/town/settings', headers: manager.bearer, payload: { settings: { ...settings, satisfactionSurvey: true } } })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'PUT', url: '/api/town/settings', headers: admin.bearer, payload: { settings: { ...settings, satisfactionSurvey: true } } })).statusCode).toBe(200)
    const resolveTicketOf = async (citizenId: string) => {
      const opened = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: agent.bearer, payload: { citizenId, category: 'lighting', description: 'Lampadaire éteint' } })
      const id = (opened.json() as { ticket: { id: string } }).ticket.id
      for (const status of ['in_progress', 'resolved']) expect((await t.app.inject({ method: 'PATCH', url: `/api/tickets/${id}`, headers: agent.bearer, payload: { status } })).statusCode).toBe(200)
      return id
    }
    const chat = await openChat(t.app)
    await chat.say('Bonjour')
    await waitFor(async () => (await chat.messages()).length >= 2, 5000, 'bot answers')
    const citizen = await t.database.db.citizen.findFirstOrThrow()
    const ticketId = await resolveTicketOf(citizen.id)
    await waitFor(async () => (await chat.messages()).find(m => m.text.includes('Êtes-vous satisfait·e du traitement')), 5000, 'the question')
    await chat.say('4')
    await waitFor(async () => (await chat.messages()).find(m => m.text === 'Merci pour votre réponse.'), 5000, 'thanks')
    expect((await t.database.db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).satisfaction).toBe(4)
    const f = (await t.app.inject({ method: 'GET', url: '/api/dashboard', headers: manager.bearer })).json()
    expect(f.satisfaction).toEqual([{ key: 'eclairage', answers: 1, average: 4 }])

    // After STOP the citizen is not asked.
    const other = await openChat(t.app)
    await other.say('STOP')
    await waitFor(() => t.database.db.identity.findFirst({ where: { value: other.sessionId, optedOutAt: { not: null } } }), 5000, 'opt-out')
    const stopped = await t.database.db.identity.findFirstOrThrow({ where: { value: other.sessionId } })
    const second = await resolveTicketOf(stopped.citizenId)
    expect((await t.database.db.ticket.findUniqueOrThrow({ where: { id: second } })).satisfactionAskedAt).toBeNull()
  })
})
