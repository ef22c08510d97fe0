import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { signedInAgent } from './agent-sessions.ts'

type LiveEvent = { type: string, conversationId: string, reason: string, agentId?: string }

function connect (url: string, headers: Record<string, string>) {
  const socket = new WebSocket(url.replace(/^http/, 'ws') + '/api/live/ws', { headers })
  const events: LiveEvent[] = []
  socket.on('message', data => events.push(JSON.parse(String(data))))
  const closed = new Promise<number>(resolve => socket.on('close', code => resolve(code)))
  const opened = new Promise<void>((resolve, reject) => { socket.on('open', () => resolve()); socket.on('error', reject) })
  return { socket, events, closed, opened }
}

describe('the inbox live feed', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it("shows one agent the other's takeover and note as they happen", async () => {
    t = await buildTestApp({ listen: true })
    const [alice, bob] = await Promise.all([signedInAgent(t, 'agent', 'alice'), signedInAgent(t, 'agent', 'bob')])
    const chat = await openChat(t.app)
    await chat.say('bonjour')
    await t.core.idle()
    const { id } = await t.database.db.conversation.findFirstOrThrow()
    const feed = connect(t.url, { cookie: alice.cookie, origin: t.url })
    await feed.opened
    await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/takeover`, headers: bob.bearer })
    await t.app.inject({ method: 'POST', url: `/api/conversations/${id}/notes`, headers: bob.bearer, payload: { text: 'je rappelle demain' } })
    await chat.say('allô ?')
    await expect.poll(() => feed.events.map(e => e.reason)).toEqual(expect.arrayContaining(['takeover', 'note', 'inbound']))
    expect(feed.events.find(e => e.reason === 'takeover')).toMatchObject({ type: 'conversation', conversationId: id, agentId: bob.id })
    // Only ids travel on the feed, never what the citizen or the agent wrote.
    expect(JSON.stringify(feed.events)).not.toMatch(/rappelle|allô/)
    feed.socket.close()
  })

  it('closes the feed without a session, and for another site using the cookie', async () => {
    t = await buildTestApp({ listen: true })
    const agent = await signedInAgent(t, 'agent')
    expect(await connect(t.url, {}).closed).toBe(4401)
    expect(await connect(t.url, { cookie: agent.cookie, origin: 'https://evil.example' }).closed).toBe(4403)
  })
})
