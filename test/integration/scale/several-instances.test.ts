// Issue 19, item 1: three instances on one PostgreSQL database, traffic alternating between them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import pg from 'pg'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { freshPostgresUrl } from '../../helpers/databases.ts'
import { openChat, type ChatMessage } from '../../helpers/webchat-client.ts'
import { signedInAgent } from '../inbox/agent-sessions.ts'
import { webchat } from '../../../channels/webchat/index.ts'
import type { ChannelModule } from '../../../src/core/channel.ts'
import type { Answerer } from '../../../src/answerer.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { createMemoryChannel, memoryInbound } from '../../helpers/memory-channel.ts'

function listen<T> (url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), { headers })
  const received: T[] = []
  socket.on('message', data => received.push(JSON.parse(String(data)) as T))
  const opened = new Promise<void>((resolve, reject) => { socket.on('open', () => resolve()); socket.on('error', reject) })
  return { socket, received, opened }
}

// A stand-in for the mailbox reader: counts how many instances read "the mailbox" at once.
function mailboxProbe () {
  const state = { active: 0, maxActive: 0, starts: 0, readers: new Set<string>() }
  const module = (instance: string): ChannelModule => ({
    name: 'email',
    identityKinds: ['email'],
    readSettings: () => ({}),
    create: () => ({
      name: 'email',
      maxTextLength: 4000,
      async start () { state.active++; state.starts++; state.readers.add(instance); state.maxActive = Math.max(state.maxActive, state.active) },
      async stop () { state.active--; state.readers.delete(instance) },
      async send () { return { providerMessageId: 'x', status: 'sent' as const } },
    }),
  })
  return { state, module }
}

describe('several instances on one PostgreSQL database', () => {
  let databaseUrl: string
  let removeDb: () => Promise<void>
  const apps: TestApp[] = []
  const sockets: WebSocket[] = []
  const probe = mailboxProbe()
  const instance = async (name: string) => {
    const t = await buildTestApp({ databaseUrl, seed: apps.length === 0, listen: true, channels: [webchat, probe.module(name)] })
    apps.push(t)
    return t
  }

  beforeEach(async () => { ({ url: databaseUrl, remove: removeDb } = await freshPostgresUrl()) })
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close()
    for (const t of apps.splice(0).reverse()) await t.stopAll().catch(() => {})
    await removeDb()
  })

  it("pushes the bot's and the agent's replies live to a citizen connected to another instance", async () => {
    const [a, b, c] = [await instance('a'), await instance('b'), await instance('c')]
    // A takes the citizen's traffic but sends nothing: every reply is sent by B or C.
    await a.core.outbox.stop()
    const chat = await openChat(a.app)
    const citizen = listen<ChatMessage>(`${a.url}/channels/webchat/sessions/${chat.sessionId}/ws?token=${chat.token}`)
    sockets.push(citizen.socket)
    await citizen.opened
    const agent = await signedInAgent(b, 'agent')
    const feed = listen<{ conversationId: string, reason: string }>(`${c.url}/api/live/ws`, { cookie: agent.cookie, origin: c.url })
    sockets.push(feed.socket)
    await feed.opened

    await chat.say('Bonjour, à quelle heure ouvre la mairie ?')
    const botReply = await waitFor(() => citizen.received.find(m => m.author === 'bot'), 10_000, 'the bot reply on A')
    expect(botReply.direction).toBe('outbound')
    const { id } = await a.database.db.conversation.findFirstOrThrow()
    // The agent's feed on C heard of the inbound message taken on A.
    await waitFor(() => feed.received.find(e => e.conversationId === id && e.reason === 'inbound'), 10_000, 'the inbox feed on C')

    expect((await b.app.inject({ method: 'POST', url: `/api/conversations/${id}/takeover`, headers: agent.bearer })).statusCode).toBe(200)
    const sent = await c.app.inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: { authorization: `Bearer ${agent.token}` }, payload: { text: 'Bonjour, ici Lucie de la mairie.' } })
    expect(sent.statusCode).toBeLessThan(300)
    const agentReply = await waitFor(() => citizen.received.find(m => m.text === 'Bonjour, ici Lucie de la mairie.'), 10_000, 'the agent reply on A')
    expect(agentReply.author).toBe('agent')
    await waitFor(() => feed.received.find(e => e.reason === 'takeover'), 10_000, 'the takeover on C')
    // Each reply pushed once: the outbox claims are exclusive and the relay does not echo.
    const ids = citizen.received.map(m => m.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('sends each of many replies once when three outboxes drain together', async () => {
    const all = [await instance('a'), await instance('b'), await instance('c')]
    const chats = await Promise.all(Array.from({ length: 9 }, (_, i) => openChat(all[i % 3]!.app)))
    const listeners = chats.map((chat, i) => listen<ChatMessage>(`${all[(i + 1) % 3]!.url}/channels/webchat/sessions/${chat.sessionId}/ws?token=${chat.token}`))
    sockets.push(...listeners.map(l => l.socket))
    await Promise.all(listeners.map(l => l.opened))
    for (let round = 0; round < 3; round++) await Promise.all(chats.map(chat => chat.say(`bonjour ${round}`)))
    const outbound = await waitFor(async () => {
      const rows = await all[0]!.database.db.message.findMany({ where: { direction: 'outbound' }, select: { id: true, conversation: { select: { id: true } } } })
      const unsent = await all[0]!.database.db.outboxItem.count({ where: { status: { in: ['pending'] } } })
      return rows.length >= 27 && unsent === 0 && rows
    }, 20_000, 'every reply sent')
    await waitFor(() => listeners.reduce((n, l) => n + l.received.length, 0) >= outbound.length, 10_000, 'every reply pushed')
    const pushed = listeners.flatMap(l => l.received.map(m => m.id))
    expect(pushed.length).toBe(outbound.length)
    expect(new Set(pushed).size).toBe(pushed.length)
  })

  it('answers messages left unhandled once when two instances resume them together', async () => {
    // An answerer that fails leaves the messages stored and unhandled, as a crash would.
    const keyword = createKeywordAnswerer()
    const failing: Answerer = { answer: async () => { throw new Error('down') }, welcome: keyword.welcome }
    const first = await buildTestApp({ databaseUrl, channels: [createMemoryChannel().module], answerer: failing, start: false })
    for (let i = 0; i < 20; i++) await first.core.receive(memoryInbound(`+336000001${String(i).padStart(2, '0')}`, 'hello'))
    await first.core.idle()
    await first.close()
    await first.database.close()
    const [a, b] = [createMemoryChannel(), createMemoryChannel()]
    const [appA, appB] = await Promise.all([
      buildTestApp({ databaseUrl, seed: false, channels: [a.module], answerer: keyword }),
      buildTestApp({ databaseUrl, seed: false, channels: [b.module], answerer: keyword }),
    ])
    apps.push(appA, appB)
    await waitFor(async () => await appA.database.db.message.count({ where: { direction: 'inbound', processedAt: null } }) === 0, 15_000, 'every message handled')
    await Promise.all([appA.core.idle(), appB.core.idle()])
    await waitFor(async () => await appA.database.db.outboxItem.count({ where: { status: 'pending' } }) === 0, 15_000, 'every reply sent')
    const answers = [...a.sent, ...b.sent].filter(m => m.text === 'Hello! How can I help you?')
    expect(answers).toHaveLength(20)
    expect(new Set(answers.map(m => m.to.value)).size).toBe(20)
  })

  it('lets one instance read the mailbox at a time, and another take over when it dies', async () => {
    await instance('a'); await instance('b'); await instance('c')
    await waitFor(() => apps.filter(t => t.isLeader()).length === 1, 10_000, 'one leader')
    expect(probe.state.active).toBe(1)
    // The leader's connection is cut, as when its machine dies: the lock is freed by the server.
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    const before = Date.now()
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
    await admin.end()
    await waitFor(() => probe.state.starts >= 2 && apps.filter(t => t.isLeader()).length === 1, 30_000, 'a new leader')
    expect(Date.now() - before).toBeLessThan(30_000)
    expect(probe.state.maxActive).toBe(1)
    // The leader stops cleanly (an update): another takes over.
    const leader = apps.find(t => t.isLeader())!
    await leader.close()
    apps.splice(apps.indexOf(leader), 1)
    await leader.database.close()
    await waitFor(() => apps.filter(t => t.isLeader()).length === 1, 30_000, 'a leader after the stop')
    expect(probe.state.maxActive).toBe(1)
    expect(probe.state.active).toBe(1)
  })
})
