import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { PASSWORD, signedInAgent } from './agent-sessions.ts'

describe('accounts and roles', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('signs in with a HttpOnly SameSite cookie and a token, refuses a wrong password with 401, signs out', async () => {
    t = await buildTestApp()
    const agent = await signedInAgent(t, 'agent')
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: PASSWORD } })
    const cookie = String(login.headers['set-cookie'])
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).not.toMatch(/Secure/) // http PUBLIC_URL in tests
    expect(login.json().token).toBeTruthy()
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: 'wrong password' } })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toEqual({ error: 'unauthorized', message: expect.any(String) })
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: agent.bearer })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: agent.bearer })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: agent.bearer })).statusCode).toBe(401)
  })

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    t = await buildTestApp({ configEnv: { PUBLIC_URL: 'https://mairie.example.fr' } })
    const agent = await signedInAgent(t, 'agent')
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: PASSWORD } })
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/)
  })

  it('slows down repeated failed sign-ins with 429, even with the right password', async () => {
    t = await buildTestApp()
    const agent = await signedInAgent(t, 'agent')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: `nope-${i}` } })).statusCode)
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses[5]).toBe(429)
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: agent.email, password: PASSWORD } })
    expect(right.statusCode).toBe(429)
    expect(right.headers['retry-after']).toBeTruthy()
  })

  it('answers 401 without a session and 403 beyond the role, changing nothing', async () => {
    t = await buildTestApp()
    const [agent, manager] = await Promise.all([signedInAgent(t, 'agent'), signedInAgent(t, 'manager')])
    const cases: { method: 'GET' | 'POST', url: string, payload?: object }[] = [
      { method: 'GET', url: '/api/conversations' },
      { method: 'GET', url: '/api/search?q=piscine' },
      { method: 'POST', url: '/api/agents', payload: { email: 'x@mairie.test', password: 'longenough', name: 'X', role: 'admin' } },
      { method: 'POST', url: '/api/canned-responses', payload: { title: 'T', lang: 'fr', text: 'Bonjour' } },
    ]
    for (const c of cases) expect((await t.app.inject({ ...c })).statusCode, c.url).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/api/search?q=piscine', headers: agent.bearer })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/search.csv', headers: agent.bearer })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/stats', headers: agent.bearer })).statusCode).toBe(403)
    for (const who of [agent, manager]) {
      const create = await t.app.inject({ method: 'POST', url: '/api/agents', headers: who.bearer, payload: cases[2].payload })
      expect(create.statusCode).toBe(403)
      expect(create.json().error).toBe('forbidden')
      expect((await t.app.inject({ method: 'POST', url: '/api/canned-responses', headers: who.bearer, payload: cases[3].payload })).statusCode).toBe(403)
      expect((await t.app.inject({ method: 'POST', url: `/api/agents/${agent.id}/disable`, headers: who.bearer })).statusCode).toBe(403)
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/search?q=piscine', headers: manager.bearer })).statusCode).toBe(200)
    expect(await t.database.db.agent.count()).toBe(2)
    expect(await t.database.db.cannedResponse.count()).toBe(0)
  })

  it('lets an administrator create and disable accounts; a disabled agent is signed out and cannot sign in', async () => {
    t = await buildTestApp()
    const admin = await signedInAgent(t, 'admin')
    const created = await t.app.inject({ method: 'POST', url: '/api/agents', headers: admin.bearer, payload: { email: 'Nadia@Mairie.test', password: PASSWORD, name: 'Nadia', role: 'agent' } })
    expect(created.statusCode).toBe(201)
    const nadiaId = created.json().id
    const again = await t.app.inject({ method: 'POST', url: '/api/agents', headers: admin.bearer, payload: { email: 'nadia@mairie.test', password: PASSWORD, name: 'Nadia', role: 'agent' } })
    expect(again.statusCode).toBe(409)
    const bad = await t.app.inject({ method: 'POST', url: '/api/agents', headers: admin.bearer, payload: { email: 'x@mairie.test', password: PASSWORD, name: 'X', role: 'mayor' } })
    expect(bad.statusCode).toBe(400)
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nadia@mairie.test', password: PASSWORD } })
    const nadia = { authorization: `Bearer ${login.json().token}` }
    expect((await t.app.inject({ method: 'GET', url: '/api/conversations', headers: nadia })).statusCode).toBe(200)

    expect((await t.app.inject({ method: 'POST', url: `/api/agents/${nadiaId}/disable`, headers: admin.bearer })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/conversations', headers: nadia })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nadia@mairie.test', password: PASSWORD } })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'POST', url: `/api/agents/${admin.id}/disable`, headers: admin.bearer })).statusCode).toBe(409)

    const audit = await t.database.db.auditEvent.findMany({ where: { actorId: admin.id }, select: { action: true, targetId: true } })
    expect(audit).toEqual(expect.arrayContaining([{ action: 'agent.created', targetId: nadiaId }, { action: 'agent.disabled', targetId: nadiaId }]))
  })

  it('lets administrators manage canned responses in French and English, and agents list them', async () => {
    t = await buildTestApp()
    const [admin, agent] = await Promise.all([signedInAgent(t, 'admin'), signedInAgent(t, 'agent')])
    const fr = await t.app.inject({ method: 'POST', url: '/api/canned-responses', headers: admin.bearer, payload: { title: 'Horaires', lang: 'fr', text: 'La mairie ouvre à 8 h 30.' } })
    expect(fr.statusCode).toBe(201)
    await t.app.inject({ method: 'POST', url: '/api/canned-responses', headers: admin.bearer, payload: { title: 'Hours', lang: 'en', text: 'The town hall opens at 8:30.' } })
    expect((await t.app.inject({ method: 'POST', url: '/api/canned-responses', headers: admin.bearer, payload: { title: 'X', lang: 'de', text: 'Hallo' } })).statusCode).toBe(400)
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/canned-responses/${fr.json().id}`, headers: admin.bearer, payload: { text: 'La mairie ouvre à 9 h.' } })
    expect(patched.json().text).toBe('La mairie ouvre à 9 h.')
    const list = await t.app.inject({ method: 'GET', url: '/api/canned-responses?lang=en', headers: agent.bearer })
    expect(list.json().cannedResponses.map((c: { title: string }) => c.title)).toEqual(['Hours'])
    expect((await t.app.inject({ method: 'DELETE', url: `/api/canned-responses/${fr.json().id}`, headers: agent.bearer })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/canned-responses/${fr.json().id}`, headers: admin.bearer })).statusCode).toBe(200)
    expect(await t.database.db.cannedResponse.count()).toBe(1)
  })
})
