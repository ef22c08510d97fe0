import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { startSlackApi } from '../../stand-ins/slack-api.ts'
import { slack } from '../../../channels/slack/index.ts'
import { hashPassword } from '../../../src/auth/passwords.ts'
// The keyword answerer hands off on "agent": this file tests Slack, not the classifier.
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'

const SECRET = 'slack-signing-secret'
const CHANNEL = 'C-INBOX'

function signed (body: string, secret = SECRET, at = Math.floor(Date.now() / 1000)) {
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(at), 'content-type': 'application/json' }
}

describe('Slack, the agents’ side', () => {
  let t: TestApp
  let api: Awaited<ReturnType<typeof startSlackApi>>
  afterEach(async () => { await t?.stopAll(); await api?.close() })

  async function setUp () {
    api = await startSlackApi({ U1: 'alice@mairie.test' })
    t = await buildTestApp({ answerer: createKeywordAnswerer(), agentChannels: [slack], env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_INBOX_CHANNEL: CHANNEL, SLACK_API_URL: api.url } })
    await t.database.db.agent.create({ data: { email: 'alice@mairie.test', name: 'Alice', role: 'agent', passwordHash: await hashPassword('correct horse') } })
    const chat = await openChat(t.app)
    await chat.say('je veux parler à un agent <!channel>')
    await t.core.idle()
    const conversation = await t.database.db.conversation.findFirstOrThrow()
    const thread = await waitFor(() => api.calls.find(c => c.method === 'chat.postMessage' && !c.body.thread_ts), 5000, 'thread announced')
    return { chat, conversation, threadTs: `${1700000000}.000100`, thread }
  }

  const post = (body: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/channels/slack/events', payload: body, headers })

  it('announces a conversation that needs a person and mirrors it, escaping the citizen’s text', async () => {
    const { conversation } = await setUp()
    expect(conversation.needsHuman).toBe(true)
    const mirrored = await waitFor(() => { const m = api.calls.filter(c => c.method === 'chat.postMessage' && c.body.thread_ts); return m.length >= 2 && m }, 5000, 'mirror')
    const citizenLine = mirrored.map(c => String(c.body.text)).find(t => t.includes('agent'))!
    expect(citizenLine).toContain('&lt;!channel&gt;')
    expect(citizenLine).not.toContain('<!channel>')
    expect(api.calls.every(c => c.authorization === 'Bearer xoxb-test')).toBe(true)
  })

  it('sends an agent’s thread reply to the citizen, taking the conversation, without echoing it back', async () => {
    const { chat, conversation, threadTs } = await setUp()
    const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'message', user: 'U1', channel: CHANNEL, thread_ts: threadTs, ts: '1700000100.000001', text: 'Bonjour, je m’occupe de vous &amp; de votre demande' } })
    expect((await post(body, signed(body))).statusCode).toBe(200)
    expect((await post(body, signed(body))).statusCode).toBe(200) // Slack's retry of the same event
    await waitFor(async () => (await chat.messages()).some(m => m.author === 'agent' && m.text.includes('je m’occupe de vous & de votre demande')), 5000, 'agent reply in the web chat')
    const held = await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })
    expect(held.holder).toBe('agent')
    expect(await t.database.db.message.count({ where: { author: 'agent', text: { contains: 'je m’occupe' } } })).toBe(1)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(api.calls.filter(c => String(c.body.text ?? '').includes('je m’occupe'))).toHaveLength(0)
  })

  it('hands back with the button, and tells a Slack user with no agent account', async () => {
    const { conversation, threadTs } = await setUp()
    const take = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'takeover', value: conversation.id }] }))}`
    expect((await post(take, { ...signed(take), 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBe(200)
    expect((await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).holder).toBe('agent')
    const back = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'handback', value: conversation.id }] }))}`
    await post(back, { ...signed(back), 'content-type': 'application/x-www-form-urlencoded' })
    expect((await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).holder).toBe('bot')

    const stranger = JSON.stringify({ type: 'event_callback', event_id: 'Ev2', event: { type: 'message', user: 'U9', channel: CHANNEL, thread_ts: threadTs, ts: '1', text: 'hello' } })
    await post(stranger, signed(stranger))
    expect(api.calls.some(c => c.method === 'chat.postEphemeral' && c.body.user === 'U9')).toBe(true)
    expect(await t.database.db.message.count({ where: { author: 'agent', text: 'hello' } })).toBe(0)
  })

  it('answers the URL check and refuses forged or stale requests', async () => {
    await setUp()
    const check = JSON.stringify({ type: 'url_verification', challenge: 'abc' })
    expect((await post(check, signed(check))).json()).toEqual({ challenge: 'abc' })
    const before = await t.database.db.message.count()
    const forged = JSON.stringify({ type: 'event_callback', event_id: 'Ev3', event: { type: 'message', user: 'U1', channel: CHANNEL, thread_ts: '1700000000.000100', ts: '2', text: 'forged' } })
    expect((await post(forged, signed(forged, 'wrong-secret'))).statusCode).toBe(403)
    expect((await post(forged, signed(forged, SECRET, Math.floor(Date.now() / 1000) - 600))).statusCode).toBe(403)
    expect((await post(forged, { 'content-type': 'application/json' })).statusCode).toBe(403)
    expect(await t.database.db.message.count()).toBe(before)
  })
})
