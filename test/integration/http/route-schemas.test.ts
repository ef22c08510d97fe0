// Route schemas (issue 21): every route of the OpenAPI document is described by its own schema,
// and a body the schema refuses gets the usual 400 {error, message} before the handler runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { signedInAgent, type SignedIn } from '../inbox/agent-sessions.ts'
import { TEST_AUTH_TOKEN, TEST_ACCOUNT_SID, TEST_SMS_FROM } from '../../stand-ins/twilio-api.ts'

// Every channel on, so that their routes are in the document too.
const CHANNELS_ON = {
  TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID, TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN, TWILIO_SMS_FROM: TEST_SMS_FROM, TWILIO_API_URL: 'http://127.0.0.1:9',
  BOTFRAMEWORK_AUTH: 'disabled',
  SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_INBOX_CHANNEL: 'C1', SLACK_API_URL: 'http://127.0.0.1:9',
}

// Actions whose only input is the path: no request body to describe.
const BODILESS = new Set([
  'POST /api/auth/logout', 'POST /api/agents/{id}/disable', 'POST /api/agents/{id}/enable',
  'POST /api/conversations/{id}/takeover', 'POST /api/conversations/{id}/handback', 'POST /api/conversations/{id}/messages/{messageId}/resend',
  'POST /api/citizen-merges/{id}/undo', 'POST /api/broadcasts/{id}/cancel', 'POST /api/consultations/{id}/close',
  'POST /api/town/feeds/events_ics/poll', 'POST /channels/webchat/sessions', 'POST /api/town/unanswered/{group}/proposal',
])

type Operation = { summary?: string, parameters?: { in: string, name: string, schema?: object }[], requestBody?: { content: Record<string, { schema: object }> }, responses: Record<string, { content?: Record<string, { schema: object }> }> }

describe('route schemas', () => {
  let t: TestApp
  let admin: SignedIn
  beforeAll(async () => {
    t = await buildTestApp({ env: CHANNELS_ON, start: false })
    admin = await signedInAgent(t, 'admin')
  })
  afterAll(async () => { await t?.stopAll() })

  it('describes every route of the OpenAPI document: summary, path parameters, body and answers', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> }
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, method, op })))
    expect(operations.length).toBeGreaterThan(100)
    const problems: string[] = []
    for (const { name, path, method, op } of operations) {
      if (!op.summary) problems.push(`${name}: no summary`)
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2/.test(status))
      if (!success.length) problems.push(`${name}: no 2xx answer described`)
      for (const [status, response] of success) {
        if (status !== '204' && !Object.values(response.content ?? {}).some(c => c.schema && Object.keys(c.schema).length)) problems.push(`${name}: answer ${status} has no schema`)
      }
      if (!method.startsWith('options') && !Object.keys(op.responses ?? {}).some(s => /^4/.test(s))) problems.push(`${name}: its 4xx answers are not described`)
      for (const param of path.match(/\{[^}]+\}/g) ?? []) {
        if (!op.parameters?.some(p => p.in === 'path' && `{${p.name}}` === param && p.schema)) problems.push(`${name}: path parameter ${param} has no schema`)
      }
      if (['post', 'put', 'patch'].includes(method) && !BODILESS.has(name) && !Object.values(op.requestBody?.content ?? {}).some(c => c.schema)) problems.push(`${name}: no request body described`)
    }
    expect(problems).toEqual([])
    // The webhooks, broadcasts and pages too (issue 20 found broadcasts undescribed).
    for (const path of ['/channels/twilio/messages', '/channels/slack/events', '/channels/botframework/messages', '/api/broadcasts', '/chat']) expect(Object.keys(doc.paths)).toContain(path)
    expect(Object.keys(doc.paths['/api/broadcasts']!.post!.requestBody!.content['application/json']!.schema)).toContain('properties')
  })

  it('refuses bodies the schemas do not accept with 400 {error, message}, before anything is stored', async () => {
    const chat = await openChat(t.app)
    const citizen = await t.database.db.citizen.findFirstOrThrow()
    const before = { messages: await t.database.db.message.count(), tickets: await t.database.db.ticket.count(), canned: await t.database.db.cannedResponse.count(), agents: await t.database.db.agent.count() }
    const cases = [
      { url: `/channels/webchat/sessions/${chat.sessionId}/messages`, headers: { authorization: `Bearer ${chat.token}` }, payload: { text: 42 } },
      { url: `/channels/webchat/sessions/${chat.sessionId}/messages`, headers: { authorization: `Bearer ${chat.token}` }, payload: { text: 'bonjour', clientMessageId: 'not an id!' } },
      { url: '/api/tickets', headers: admin.bearer, payload: { citizenId: citizen.id, category: 'lighting', description: 'Lampadaire éteint', latitude: 'north' } },
      { url: '/api/tickets', headers: admin.bearer, payload: [] },
      { url: '/api/canned-responses', headers: admin.bearer, payload: { title: 'Horaires', lang: 'de', text: 'Ouvert' } },
      { url: '/api/agents', headers: admin.bearer, payload: { email: 'x@mairie.test', password: 'short', name: 'X', role: 'agent' } },
      { url: '/api/auth/login', headers: {}, payload: { email: 'x@mairie.test' } },
    ]
    for (const { url, headers, payload } of cases) {
      const res = await t.app.inject({ method: 'POST', url, headers, payload })
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400)
      const body = res.json() as { error: string, message: string }
      expect(body.error).toBe('validation_failed')
      expect(body.message).toMatch(/^body/)
    }
    const after = { messages: await t.database.db.message.count(), tickets: await t.database.db.ticket.count(), canned: await t.database.db.cannedResponse.count(), agents: await t.database.db.agent.count() }
    expect(after).toEqual(before)
  })

  it('still refuses a caller without the right before looking at their body', async () => {
    const chat = await openChat(t.app)
    const noToken = await t.app.inject({ method: 'POST', url: `/channels/webchat/sessions/${chat.sessionId}/messages`, payload: { text: 42 } })
    expect(noToken.statusCode).toBe(401)
    const signedOut = await t.app.inject({ method: 'POST', url: '/api/tickets', payload: { latitude: 'north' } })
    expect(signedOut.json()).toMatchObject({ error: 'unauthorized' })
    const agent = await signedInAgent(t, 'agent')
    const belowRole = await t.app.inject({ method: 'POST', url: '/api/canned-responses', headers: agent.bearer, payload: { lang: 'de' } })
    expect(belowRole.json()).toMatchObject({ error: 'forbidden' })
  })
})
