import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import type { ChannelModule } from '../../../src/core/channel.ts'
import { ChannelSendError } from '../../../src/core/channel.ts'
import { webchat } from '../../../channels/webchat/index.ts'
import { PAGES_CSP } from '../../../src/http/security.ts'
import { signedInAgent } from './agent-sessions.ts'

describe('inbox protections', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('refuses a cross-site cookie POST without the CSRF header with 403 and changes nothing', async () => {
    t = await buildTestApp()
    const agent = await signedInAgent(t, 'agent')
    const chat = await openChat(t.app)
    await chat.say('bonjour')
    await t.core.idle()
    const conversation = await t.database.db.conversation.findFirstOrThrow()
    const url = `/api/conversations/${conversation.id}/takeover`
    const forged = await t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, origin: 'https://evil.example' } })
    expect(forged.statusCode).toBe(403)
    expect(forged.json().error).toBe('forbidden')
    const wrong = await t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, 'x-csrf-token': 'guess' } })
    expect(wrong.statusCode).toBe(403)
    expect(await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ holder: 'bot', assignedAgentId: null })
    // The page's own request, with the header, works.
    const ok = await t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken } })
    expect(ok.statusCode).toBe(200)
  })

  it('serves the pages with a strict Content-Security-Policy and no inline script', async () => {
    t = await buildTestApp()
    for (const page of ['/inbox', '/manager']) {
      const res = await t.app.inject({ method: 'GET', url: page })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-security-policy']).toBe(PAGES_CSP)
      expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/)
      expect(res.body).not.toMatch(/\son\w+=/)
    }
    expect(PAGES_CSP).toContain("script-src 'self'")
    expect(PAGES_CSP).not.toContain('unsafe-inline')
    expect((await t.app.inject({ method: 'GET', url: '/inbox-assets/..%2f..%2fapp.ts' })).statusCode).toBe(404)
  })

  it('gives every staff page the same navigation to every other one, its own link marked current, and the same sign-in form', async () => {
    t = await buildTestApp()
    const pages = ['/inbox', '/manager', '/manager/broadcasts', '/manager/consultations', '/manager/ideas', '/admin']
    for (const page of pages) {
      const res = await t.app.inject({ method: 'GET', url: page })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-security-policy']).toBe(PAGES_CSP)
      expect(res.headers['cache-control']).toBe('no-store')
      const nav = res.body.match(/<nav[^>]*>([\s\S]*?)<\/nav>/)?.[1] ?? ''
      expect([...nav.matchAll(/href="([^"]+)"/g)].map(m => m[1]), page).toEqual(pages)
      expect([...nav.matchAll(/<a href="([^"]+)" aria-current="page"/g)].map(m => m[1]), page).toEqual([page])
      expect(res.body).not.toContain('<!-- staff:')
      expect(res.body.match(/<form id="login-form">/g), page).toHaveLength(1)
      expect(res.body).toContain('autocomplete="current-password"')
    }
  })

  it('returns hostile citizen text and attachment names as data, unchanged', async () => {
    t = await buildTestApp()
    const agent = await signedInAgent(t, 'agent')
    const payload = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    await t.core.receive({ channel: 'webchat', externalId: 'x-1', from: { kind: 'webchat', value: 'session-xss-000001' }, text: payload, attachments: [{ filename: '<img src=x onerror=alert(2)>.png', contentType: 'image/png', data: Buffer.from('x') }] })
    await t.core.idle()
    const list = (await t.app.inject({ method: 'GET', url: '/api/conversations', headers: agent.bearer }))
    expect(list.headers['content-type']).toMatch(/application\/json/)
    const [conversation] = list.json().conversations
    const detail = (await t.app.inject({ method: 'GET', url: `/api/conversations/${conversation.id}`, headers: agent.bearer })).json()
    expect(detail.conversation.messages[0].text).toBe(payload)
    expect(detail.conversation.messages[0].attachments[0].filename).toBe('<img src=x onerror=alert(2)>.png')
  })

  it('resends a message whose delivery failed, for real, after the agent asks', async () => {
    let failuresLeft = 1
    const delivered: string[] = []
    // A Bot Framework stand-in adapter that fails its first send for good (not retryable).
    const flaky: ChannelModule = {
      name: 'botframework',
      identityKinds: ['botframework'],
      readSettings: () => ({}),
      create: () => ({
        name: 'botframework',
        maxTextLength: 4000,
        async send (message) {
          if (failuresLeft-- > 0) throw new ChannelSendError('connector refused (403)', false)
          delivered.push(message.text)
          return { providerMessageId: `bf-${message.messageId}`, status: 'sent' }
        },
      }),
    }
    t = await buildTestApp({ channels: [webchat, flaky] })
    const agent = await signedInAgent(t, 'agent')
    const received = await t.core.receive({ channel: 'botframework', externalId: 'act-1', from: { kind: 'botframework', value: 'user-42' }, text: 'bonjour' })
    const failed = await waitFor(() => t.database.db.message.findFirst({ where: { conversationId: received.conversationId, deliveryStatus: 'failed' } }), 5000, 'a failed send')
    const conversation = await t.database.db.conversation.findUniqueOrThrow({ where: { id: received.conversationId } })
    expect(conversation).toMatchObject({ needsHuman: true, needsHumanReason: 'send_failed' })
    const list = (await t.app.inject({ method: 'GET', url: '/api/conversations', headers: agent.bearer })).json().conversations
    expect(list[0]).toMatchObject({ id: received.conversationId, needsHuman: true })

    const url = `/api/conversations/${received.conversationId}/messages/${failed.id}/resend`
    expect((await t.app.inject({ method: 'POST', url, headers: agent.bearer })).statusCode).toBe(200)
    await waitFor(() => delivered.includes(failed.text), 5000, 'the resent message')
    // The outbox records a batch's sends together, just after they went out.
    const after = await waitFor(async () => {
      const message = await t.database.db.message.findUniqueOrThrow({ where: { id: failed.id }, include: { outbox: true } })
      return message.outbox?.status === 'sent' ? message : undefined
    }, 5000, 'the resend recorded')
    expect(after.deliveryStatus).toBe('sent')
    expect(after.outbox!.status).toBe('sent')
    // Only a failed message can be resent: once sent, a second resend is refused.
    expect((await t.app.inject({ method: 'POST', url, headers: agent.bearer })).statusCode).toBe(409)
  })

  it("tells the agent before they type when WhatsApp's 24-hour window has closed", async () => {
    t = await buildTestApp()
    const agent = await signedInAgent(t, 'agent')
    const received = await t.core.receive({ channel: 'twilio', externalId: 'SM-window-1', from: { kind: 'whatsapp', value: '+33612345678' }, text: 'bonjour' })
    await t.core.idle()
    const detail = async () => (await t.app.inject({ method: 'GET', url: `/api/conversations/${received.conversationId}`, headers: agent.bearer })).json().conversation
    expect(new Date((await detail()).whatsappWindowEndsAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000)
    await t.database.db.identity.updateMany({ where: { kind: 'whatsapp' }, data: { lastInboundAt: new Date(Date.now() - 25 * 3_600_000) } })
    expect(new Date((await detail()).whatsappWindowEndsAt).getTime()).toBeLessThan(Date.now())
  })
})
