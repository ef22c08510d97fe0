import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { chatCitizenWithTicket, signIn } from './ticket-fixtures.ts'

describe('ticket lifecycle through the agents\' API', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('moves a ticket along allowed transitions and records each one in the timeline', async () => {
    t = await buildTestApp()
    const { ticket } = await chatCitizenWithTicket(t)
    const agent = await signIn(t)
    for (const status of ['in_progress', 'resolved', 'closed']) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status, note: `internal ${status}` } })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().ticket.status).toBe(status)
    }
    const detail = (await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.reference}`, headers: agent.auth })).json().ticket
    const moves = detail.timeline.filter((e: { type: string }) => e.type === 'status_changed').map((e: { from: string, to: string }) => `${e.from}>${e.to}`)
    expect(moves).toEqual(['new>in_progress', 'in_progress>resolved', 'resolved>closed'])
    expect(detail.timeline.find((e: { type: string, note: string }) => e.type === 'note' && e.note === 'internal resolved')).toMatchObject({ isPublic: false, actor: { kind: 'agent', id: agent.id } })
    expect(detail.closedAt).not.toBeNull()
    expect(await t.database.db.auditEvent.count({ where: { action: 'ticket.updated', actorId: agent.id, targetId: ticket.id } })).toBe(3)
  })

  it('refuses an illegal transition with 409 saying what is allowed, and changes nothing', async () => {
    t = await buildTestApp()
    const { ticket } = await chatCitizenWithTicket(t)
    const agent = await signIn(t)
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'closed' } })
    const before = await t.database.db.ticketEvent.count()
    const outboxBefore = await t.database.db.outboxItem.count()
    const res = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'in_progress' } })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({ error: 'conflict', message: `Ticket ${ticket.reference} cannot go from closed to in_progress (closed is final)` })
    const again = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'closed' } })
    expect(again.statusCode).toBe(409)
    expect(again.json().message).toContain('is already closed')
    expect(await t.database.db.ticketEvent.count()).toBe(before)
    expect(await t.database.db.outboxItem.count()).toBe(outboxBefore)
  })

  it('refuses bad input with 400 and unknown tickets with 404, never a 500', async () => {
    t = await buildTestApp()
    const { ticket } = await chatCitizenWithTicket(t)
    const agent = await signIn(t)
    const cases = [
      { payload: { status: 'done' }, status: 400 },
      { payload: { status: 42 }, status: 400 },
      { payload: {}, status: 400 },
      { payload: { status: 'waiting_citizen' }, status: 400 }, // no question to ask
      { payload: { decision: 'accepted' }, status: 400 }, // a report takes no decision
    ]
    for (const c of cases) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: c.payload })
      expect(res.statusCode, JSON.stringify(c.payload)).toBe(c.status)
      expect(Object.keys(res.json()).sort()).toEqual(['error', 'message'])
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets/DEM-2020-99999', headers: agent.auth })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets?status=bogus', headers: agent.auth })).statusCode).toBe(400)
    expect((await t.database.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('new')
  })

  it('lets only a signed-in person decide on a formal request (RGPD art. 22)', async () => {
    t = await buildTestApp()
    const { ticket } = await chatCitizenWithTicket(t, { category: 'building_permit', kind: 'formal_request' })
    expect(ticket.decision).toBeNull()
    const anonymous = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { status: 'resolved', decision: 'accepted' } })
    expect(anonymous.statusCode).toBe(401)
    const agent = await signIn(t)
    const res = await t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'resolved', decision: 'refused', publicNote: 'Le projet dépasse la hauteur autorisée.' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().ticket.decision).toBe('refused')
    const decisionEvent = res.json().ticket.timeline.find((e: { type: string }) => e.type === 'decision')
    expect(decisionEvent).toMatchObject({ actor: { kind: 'agent', id: agent.id }, note: 'refused' })
  })

  it('lists tickets filtered by status and category', async () => {
    t = await buildTestApp()
    const agent = await signIn(t)
    const lighting = await chatCitizenWithTicket(t)
    await chatCitizenWithTicket(t, { category: 'roads' })
    await t.app.inject({ method: 'PATCH', url: `/api/tickets/${lighting.ticket.id}`, headers: agent.auth, payload: { status: 'in_progress' } })
    const list = async (q: string) => (await t.app.inject({ method: 'GET', url: `/api/tickets${q}`, headers: agent.auth })).json().tickets.map((x: { reference: string }) => x.reference)
    expect(await list('')).toHaveLength(2)
    expect(await list('?status=in_progress')).toEqual([lighting.ticket.reference])
    expect(await list('?category=roads')).toHaveLength(1)
    expect(await list('?status=in_progress&category=roads')).toEqual([])
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets' })).statusCode).toBe(401)
  })

  it('lets an agent open a ticket for a citizen, who gets the acknowledgement in their chat', async () => {
    t = await buildTestApp()
    const { chat, citizen } = await chatCitizenWithTicket(t)
    const agent = await signIn(t)
    const res = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: agent.auth, payload: { citizenId: citizen.id, category: 'school_enrollment', description: 'Inscription en CP pour septembre' } })
    expect(res.statusCode, res.body).toBe(201)
    const ticket = res.json().ticket
    expect(ticket).toMatchObject({ source: 'agent', kind: 'formal_request', status: 'new', citizenId: citizen.id })
    expect(ticket.reference).toMatch(/^DEM-\d{4}-00002$/)
    const ack = await waitFor(async () => (await chat.messages()).find(m => m.text.includes(ticket.reference)), 5000, 'acknowledgement')
    expect(ack.text).toContain('Affaires scolaires (1 place de la République, +33 2 00 00 00 18, scolaire@mairie.example)')
    expect(ack.text).toMatch(/réputée acceptée/)
    const bad = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: agent.auth, payload: { citizenId: citizen.id, category: 'nope', description: 'x' } })
    expect(bad.statusCode).toBe(400)
    expect(await t.database.db.ticket.count()).toBe(2)
  })
})

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`two agents changing one ticket at once on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it('applies one change and answers the other 409, telling the citizen once', async () => {
      t = await buildTestApp({ db })
      const { ticket } = await chatCitizenWithTicket(t)
      const [a, b] = [await signIn(t), await signIn(t)]
      const responses = await Promise.all([a, b].map(agent => t.app.inject({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, headers: agent.auth, payload: { status: 'in_progress' } })))
      expect(responses.map(r => r.statusCode).sort()).toEqual([200, 409])
      const { db: prisma } = t.database
      expect(await prisma.ticketEvent.count({ where: { ticketId: ticket.id, type: 'status_changed' } })).toBe(1)
      expect(await prisma.message.count({ where: { text: { contains: 'en cours de traitement' } } })).toBe(1)
    })
  })
}
