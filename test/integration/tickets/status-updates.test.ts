import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { chatCitizenWithTicket, signIn } from './ticket-fixtures.ts'
import { isoInZone, quietHoursRelease } from '../../../src/tickets/quiet-hours.ts'

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`status updates to citizens on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('tells a web chat citizen their ticket is being handled, with the reference and the public note only', async () => {
      t = await buildTestApp({ db })
      const { chat, ticket } = await chatCitizenWithTicket(t)
      const agent = await signIn(t)
      const res = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'in_progress', publicNote: 'Une équipe passe jeudi.', note: 'Ampoule 70W à prévoir' } })
      expect(res.statusCode, res.body).toBe(200)
      const update = await waitFor(async () => (await chat.messages()).find(m => m.text.includes('en cours de traitement')), 5000, 'status update')
      expect(update.text).toBe(`Votre demande ${ticket.reference} est en cours de traitement. Message du service : Une équipe passe jeudi.`)
      expect((await chat.messages()).some(m => m.text.includes('Ampoule'))).toBe(false)
    })
  })
}

describe('status updates to citizens', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('writes to an English-speaking citizen in English', async () => {
    t = await buildTestApp()
    const { chat, ticket, citizen } = await chatCitizenWithTicket(t)
    await t.database.db.citizen.update({ where: { id: citizen.id }, data: { lang: 'en' } })
    const agent = await signIn(t)
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'resolved', publicNote: 'The lamp was replaced.' } })
    const update = await waitFor(async () => (await chat.messages()).find(m => m.text.includes('is resolved')), 5000, 'status update')
    expect(update.text).toBe(`Your request ${ticket.reference} is resolved. Message from the service: The lamp was replaced.`)
  })

  it('asks the citizen a question and puts their answer on the ticket, then tells them it was passed on', async () => {
    t = await buildTestApp()
    const { chat, ticket } = await chatCitizenWithTicket(t)
    const agent = await signIn(t)
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'waiting_citizen', question: 'Quel est le numéro sur le mât ?' } })
    await waitFor(async () => (await chat.messages()).find(m => m.text.includes('Notre question : Quel est le numéro sur le mât ?')), 5000, 'question')
    await chat.say('EP-0412')
    const thanks = await waitFor(async () => (await chat.messages()).find(m => m.text.startsWith('Merci, votre réponse')), 5000, 'passed on')
    expect(thanks.text).toContain(ticket.reference)
    const detail = (await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: agent.auth })).json().ticket
    expect(detail.status).toBe('in_progress')
    expect(detail.pendingQuestion).toBeNull()
    expect(detail.timeline.find((e: { type: string }) => e.type === 'citizen_reply')).toMatchObject({ note: 'EP-0412', actor: { kind: 'citizen' } })
  })

  it('still obeys STOP while a ticket waits for the citizen, and keeps waiting for the real answer', async () => {
    t = await buildTestApp()
    const { chat, ticket, identity } = await chatCitizenWithTicket(t)
    const agent = await signIn(t)
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'waiting_citizen', question: 'Quel numéro ?' } })
    await chat.say('STOP')
    await t.core.idle()
    const { db } = t.database
    expect((await db.identity.findUniqueOrThrow({ where: { id: identity.id } })).optedOutAt).not.toBeNull()
    expect(await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({ status: 'waiting_citizen', pendingQuestion: 'Quel numéro ?' })
    expect(await db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'citizen_reply' } })).toBe(0)
  })

  it('sends nothing to a citizen who sent STOP: the update is cancelled, visibly', async () => {
    t = await buildTestApp()
    const { chat, ticket } = await chatCitizenWithTicket(t)
    await chat.say('STOP')
    await t.core.idle()
    const agent = await signIn(t)
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'resolved' } })
    const { db } = t.database
    const item = await waitFor(async () => {
      const row = await db.outboxItem.findFirst({ where: { message: { text: { contains: 'est résolue' } } }, include: { message: true } })
      return row?.status === 'cancelled' && row
    }, 5000, 'cancelled update')
    expect(item.message.deliveryStatus).toBe('failed')
    expect(item.message.providerMessageId).toBeNull() // the channel was never asked to send it
    expect((await chat.messages()).some(m => m.text.includes('est résolue'))).toBe(false) // nor shown when the widget polls
    expect(item.lastError).toMatch(/opted_out/)
    const detail = (await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: agent.auth })).json().ticket
    expect(detail.notifications.map((n: { kind: string, outboxStatus: string }) => [n.kind, n.outboxStatus])).toEqual([['acknowledgement', 'sent'], ['status_update', 'cancelled']])
  })

  it('holds an SMS update sent at night until the morning, and says so', async () => {
    // Quiet hours set around the current hour of the town: "now" is night for this test.
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: 'numeric', hourCycle: 'h23' }).format(new Date()))
    const quietHours = { start: hour, end: (hour + 2) % 24 }
    t = await buildTestApp({ configEnv: { QUIET_HOURS: `${quietHours.start}-${quietHours.end}` } })
    const { db } = t.database
    const citizen = await db.citizen.create({ data: {} })
    const phone = await db.identity.create({ data: { kind: 'phone', value: '+33612345678', citizenId: citizen.id } })
    const conversation = await db.conversation.create({ data: { citizenId: citizen.id, identityId: phone.id, channel: 'twilio' } })
    await db.citizen.update({ where: { id: citizen.id }, data: { lastIdentityId: phone.id } })
    const agent = await signIn(t)
    const opened = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: agent.auth, payload: { citizenId: citizen.id, category: 'roads', description: 'Nid-de-poule rue Haute', conversationId: conversation.id } })
    expect(opened.statusCode, opened.body).toBe(201)
    const before = new Date()
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${opened.json().ticket.id}`, headers: agent.auth, payload: { status: 'in_progress' } })
    const items = await db.outboxItem.findMany({ where: { message: { conversationId: conversation.id } }, include: { message: true } })
    expect(items).toHaveLength(2) // the acknowledgement and the update, both waiting
    const expected = quietHoursRelease(before, 'Europe/Paris', quietHours)!
    for (const item of items) {
      expect(item).toMatchObject({ status: 'pending', heldReason: 'quiet_hours' })
      expect(item.message.deliveryStatus).toBe('held')
      expect(isoInZone(item.nextAttemptAt, 'Europe/Paris')).toBe(isoInZone(expected, 'Europe/Paris'))
    }
    const detail = (await t.app.inject({ method: 'GET', url: `/api/tickets/${opened.json().ticket.id}`, headers: agent.auth })).json().ticket
    expect(detail.notifications).toHaveLength(2)
    for (const n of detail.notifications) expect(n).toMatchObject({ deliveryStatus: 'held', heldReason: 'quiet_hours', notBefore: expected.toISOString() })
    expect(detail.timeline.some((e: { type: string, note: string }) => e.type === 'notified' && /held until .* \(quiet_hours\)/.test(e.note))).toBe(true)
  })

  it('shows a status update that could not be delivered on the ticket and flags the conversation for a person', async () => {
    // Twilio is off in this test: every send of the SMS fails, and the last attempt gives up.
    t = await buildTestApp({ configEnv: { QUIET_HOURS: '0-0', OUTBOX_MAX_ATTEMPTS: '2' } })
    const { db } = t.database
    const citizen = await db.citizen.create({ data: {} })
    const phone = await db.identity.create({ data: { kind: 'phone', value: '+33611111111', citizenId: citizen.id } })
    const conversation = await db.conversation.create({ data: { citizenId: citizen.id, identityId: phone.id, channel: 'twilio' } })
    await db.citizen.update({ where: { id: citizen.id }, data: { lastIdentityId: phone.id } })
    const agent = await signIn(t)
    const opened = (await t.app.inject({ method: 'POST', url: '/api/tickets', headers: agent.auth, payload: { citizenId: citizen.id, category: 'roads', description: 'Trottoir effondré' } })).json().ticket
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${opened.id}`, headers: agent.auth, payload: { status: 'in_progress' } })
    const detail = await waitFor(async () => {
      const d = (await t.app.inject({ method: 'GET', url: `/api/tickets/${opened.id}`, headers: agent.auth })).json().ticket
      return d.notifications.every((n: { deliveryStatus: string }) => n.deliveryStatus === 'failed') && d
    }, 10_000, 'failed notifications')
    expect(detail.notifications.map((n: { kind: string }) => n.kind)).toEqual(['acknowledgement', 'status_update'])
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ needsHuman: true, needsHumanReason: 'send_failed' })
  })

  it('takes the answer from another channel of the same citizen (an email) onto the waiting ticket', async () => {
    t = await buildTestApp()
    const { ticket, citizen } = await chatCitizenWithTicket(t)
    const { db } = t.database
    await db.identity.create({ data: { kind: 'email', value: 'camille@example.org', citizenId: citizen.id } })
    const agent = await signIn(t)
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'waiting_citizen', question: 'Depuis quand ?' } })
    // The email channel is off in this test: the core's one inbound path stands in for its adapter.
    await t.core.receive({ channel: 'email', externalId: '<answer-1@example.org>', from: { kind: 'email', value: 'camille@example.org' }, text: 'Depuis lundi soir.' })
    await t.core.idle()
    const after = await db.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { events: true } })
    expect(after.status).toBe('in_progress')
    expect(after.events.find(e => e.type === 'citizen_reply')?.note).toBe('Depuis lundi soir.')
    const thanks = await db.message.findFirstOrThrow({ where: { channel: 'email', direction: 'outbound', text: { startsWith: 'Merci, votre réponse' } } })
    expect(thanks.text).toContain(ticket.reference)
  })
})
