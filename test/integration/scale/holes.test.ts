// Issue 19, item 5: the holes a probe found, each closed as a user (or an attacker) would notice.
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { loadConfig } from '../../../src/config.ts'
import { ConfigError } from '../../../src/errors.ts'
import { signedInAgent } from '../inbox/agent-sessions.ts'

describe('the holes of issue 19', () => {
  const apps: TestApp[] = []
  const build = async (...args: Parameters<typeof buildTestApp>) => { const t = await buildTestApp(...args); apps.push(t); return t }
  afterEach(async () => { for (const t of apps.splice(0).reverse()) await t.stopAll() })

  it('does not believe a forged X-Forwarded-For: rotating it does not escape the sign-in throttle', async () => {
    const t = await build()
    const login = (i: number) => t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': `203.0.113.${i}` }, payload: { email: `nobody${i}@m.fr`, password: 'wrong password' } })
    for (let i = 0; i < 5; i++) expect((await login(i)).statusCode).toBe(401)
    const blocked = await login(99)
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json()).toMatchObject({ error: 'too_many_requests' })
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('takes TRUST_PROXY as a list of proxies, and refuses "true"', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8'])
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError)
  })

  it('limits session creation per address, counted across two instances on one database', async () => {
    const a = await build()
    const b = await build({ databaseUrl: a.config.databaseUrl, seed: false })
    const create = (t: TestApp) => t.app.inject({ method: 'POST', url: '/channels/webchat/sessions', payload: {} })
    const codes: number[] = []
    for (let i = 0; i < 62; i++) codes.push((await create(i % 2 ? b : a)).statusCode)
    expect(codes.slice(0, 60).every(c => c === 201)).toBe(true)
    const refused = await create(a)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toMatchObject({ error: 'too_many_requests' })
    expect(codes.slice(60)).toEqual([429, 429])
    // Another address is not affected.
    expect((await a.app.inject({ method: 'POST', url: '/channels/webchat/sessions', remoteAddress: '198.51.100.7', payload: {} })).statusCode).toBe(201)
  })

  it('puts security headers everywhere and keeps personal data out of caches', async () => {
    const t = await build()
    const agent = await signedInAgent(t, 'agent')
    const api = await t.app.inject({ method: 'GET', url: '/api/conversations', headers: agent.bearer })
    expect(api.statusCode).toBe(200)
    expect(api.headers['cache-control']).toBe('no-store')
    expect(api.headers['x-content-type-options']).toBe('nosniff')
    const privacy = await t.app.inject({ method: 'GET', url: '/privacy' })
    expect(privacy.headers['x-content-type-options']).toBe('nosniff')
    expect(privacy.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(privacy.headers['strict-transport-security']).toBeDefined()
    const chat = await t.app.inject({ method: 'GET', url: '/chat' })
    expect(chat.headers['x-content-type-options']).toBe('nosniff')
    const connect = /connect-src ([^;]*)/.exec(String(chat.headers['content-security-policy']))![1]!.split(' ')
    expect(connect).not.toContain('ws:')
    expect(connect).not.toContain('wss:')
    expect(connect).toContain(t.config.publicUrl.replace(/^http/, 'ws'))
    const widget = await t.app.inject({ method: 'GET', url: '/widget.js' })
    expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin') // embedded on the town's site
    const chatHistory = await openChat(t.app)
    const history = await t.app.inject({ method: 'GET', url: `/channels/webchat/sessions/${chatHistory.sessionId}/messages`, headers: { authorization: `Bearer ${chatHistory.token}` } })
    expect(history.headers['cache-control']).toBe('no-store')
  })

  it('refuses form bodies where JSON is expected (415) and text empty after cleaning (400), storing nothing', async () => {
    const t = await build()
    const chat = await openChat(t.app)
    const url = `/channels/webchat/sessions/${chat.sessionId}/messages`
    const form = await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'text=bonjour' })
    expect(form.statusCode).toBe(415)
    expect(form.json()).toMatchObject({ error: 'unsupported_media_type' })
    const nul = await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${chat.token}` }, payload: { text: '\u0000\u0000\u0000' } })
    expect(nul.statusCode).toBe(400)
    expect(nul.json()).toMatchObject({ error: 'validation_failed' })
    expect(await t.database.db.message.count()).toBe(0)
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%40b.fr&password=x' })
    expect(login.statusCode).toBe(415)
  })

  it('needs the CSRF token to sign out with the cookie', async () => {
    const t = await build()
    const agent = await signedInAgent(t, 'agent')
    const forged = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: agent.cookie } })
    expect(forged.statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: agent.cookie } })).statusCode).toBe(200)
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken } })
    expect(ok.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: agent.cookie } })).statusCode).toBe(401)
  })

  it('upgrades WebSockets through one listener, without the "already assigned socket" warning', async () => {
    const warnings: string[] = []
    const t = await build({ listen: true })
    const warn = t.app.log.warn.bind(t.app.log)
    t.app.log.warn = ((...args: unknown[]) => { warnings.push(String(args.at(-1))); return (warn as (...a: unknown[]) => void)(...args) }) as typeof t.app.log.warn
    expect(t.app.server.listenerCount('upgrade')).toBe(1)
    const chat = await openChat(t.app)
    const socket = new WebSocket(`${t.url.replace('http', 'ws')}/channels/webchat/sessions/${chat.sessionId}/ws?token=${chat.token}`)
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject) })
    socket.close()
    expect(warnings.filter(w => w.includes('upgrade'))).toEqual([])
  })
})
