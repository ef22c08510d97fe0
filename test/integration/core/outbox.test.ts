import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { createMemoryChannel, memoryInbound, MEMORY_CHANNEL, type MemoryChannel } from '../../helpers/memory-channel.ts'
import { enqueueOutbound, enqueueOutboundMany } from '../../../src/db/outbox.ts'
import { inTransaction } from '../../../src/db/transaction.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'

let t: TestApp
let channel: MemoryChannel
afterEach(async () => { await t?.stopAll() })

async function start (configEnv: Record<string, string> = {}) {
  channel = createMemoryChannel()
  // The keyword answerer: these tests are about delivery, not understanding (and skip training).
  t = await buildTestApp({ channels: [channel.module], configEnv, answerer: createKeywordAnswerer() })
}

/** A conversation with no turn running, and one agent reply put in the outbox. */
async function enqueueAgentReply (text = 'Votre demande est enregistrée.', phone = '+33600000001') {
  const { db } = t.database
  const citizen = await db.citizen.create({ data: {} })
  const identity = await db.identity.create({ data: { kind: 'phone', value: phone, citizenId: citizen.id } })
  const conversation = await db.conversation.create({ data: { citizenId: citizen.id, identityId: identity.id, channel: MEMORY_CHANNEL } })
  const message = await enqueueOutbound(db, { conversationId: conversation.id, citizenId: citizen.id, channel: MEMORY_CHANNEL, text, author: 'agent', now: new Date() })
  t.core.outbox.wake()
  return { conversationId: conversation.id, messageId: message.id }
}

const outboxOf = (messageId: number) => t.database.db.outboxItem.findUniqueOrThrow({ where: { messageId }, include: { message: true } })

describe('outbox', () => {
  it('delivers exactly once after a channel fails twice, on the third attempt', async () => {
    await start()
    channel.failNext(2)
    const { messageId } = await enqueueAgentReply()
    const item = await waitFor(async () => { const i = await outboxOf(messageId); return i.status === 'sent' && i }, 15_000, 'sent')
    expect(item.attempts).toBe(3)
    expect(channel.calls).toHaveLength(3)
    expect(channel.sent).toHaveLength(1)
    expect(channel.sent[0].text).toBe('Votre demande est enregistrée.')
    expect(item.message.deliveryStatus).toBe('sent')
    expect(item.message.providerMessageId).toBe(`memory-${item.id}-3`)
    // Nothing is sent again later.
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(channel.calls).toHaveLength(3)
  })

  it('gives up after OUTBOX_MAX_ATTEMPTS and flags the conversation for a person', async () => {
    await start({ OUTBOX_MAX_ATTEMPTS: '4' })
    channel.failNext(Infinity)
    const { messageId, conversationId } = await enqueueAgentReply()
    const item = await waitFor(async () => { const i = await outboxOf(messageId); return i.status === 'failed' && i }, 15_000, 'failed')
    expect(item.attempts).toBe(4)
    expect(item.lastError).toMatch(/memory channel refused/)
    expect(item.message.deliveryStatus).toBe('failed')
    expect(channel.calls).toHaveLength(4)
    const conversation = await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })
    expect(conversation).toMatchObject({ needsHuman: true, needsHumanReason: 'send_failed' })
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(channel.calls).toHaveLength(4)
  })

  it('fails at once on an error the channel says is not worth retrying', async () => {
    await start()
    channel.failNext(1, { retryable: false })
    const { messageId, conversationId } = await enqueueAgentReply()
    const item = await waitFor(async () => { const i = await outboxOf(messageId); return i.status === 'failed' && i }, 15_000, 'failed')
    expect(item.attempts).toBe(1)
    expect(channel.calls).toHaveLength(1)
    expect(channel.sent).toHaveLength(0)
    expect((await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).needsHumanReason).toBe('send_failed')
  })

  it('waits at least as long as the provider asks before retrying', async () => {
    await start()
    channel.failNext(1, { retryable: true, retryAfterMs: 600 })
    const { messageId } = await enqueueAgentReply()
    await waitFor(() => channel.calls.length === 1, 15_000, 'first attempt')
    const failedAt = Date.now()
    await waitFor(() => channel.sent.length === 1, 15_000, 'second attempt')
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(550)
    // The send is recorded just after it happens (with the other sends of its batch).
    const item = await waitFor(async () => { const i = await outboxOf(messageId); return i.status === 'sent' && i }, 15_000, 'sent')
    expect(item.attempts).toBe(2)
  })

  it('records a reply as sent as soon as the channel took it, not once the rest of its batch went out', async () => {
    // Recorded only with its batch, a reply the channel took stayed without an outcome while a
    // slower send of the batch ran, and a kill -9 then had it posted again (issue 19, item 2).
    await start()
    let release!: () => void
    const held = new Promise<void>(resolve => { release = resolve })
    const send = channel.send.bind(channel)
    channel.send = async message => {
      if (message.text === 'lente') await held
      return send(message)
    }
    await t.core.outbox.stop() // both in one claimed batch
    const slow = await enqueueAgentReply('lente', '+33600000011')
    const quick = await enqueueAgentReply('rapide', '+33600000012')
    t.core.outbox.start()
    try {
      await waitFor(async () => (await outboxOf(quick.messageId)).status === 'sent', 10_000, 'the quick reply recorded while the slow one is in flight')
      expect(channel.sent.map(m => m.text)).toEqual(['rapide'])
      expect((await outboxOf(slow.messageId)).status).toBe('pending')
    } finally {
      release()
    }
    const item = await waitFor(async () => { const i = await outboxOf(slow.messageId); return i.status === 'sent' && i }, 10_000, 'the slow reply recorded')
    expect(item.message.deliveryStatus).toBe('sent')
    expect(channel.sent.map(m => m.text)).toEqual(['rapide', 'lente'])
  })

  it('answers a citizen message through the channel: the notice then the answer, each once', async () => {
    await start()
    const received = await t.core.receive(memoryInbound('+33600000002', 'bonjour'))
    await waitFor(() => channel.sent.length >= 2, 15_000, 'two replies')
    await new Promise(resolve => setTimeout(resolve, 200))
    expect(channel.sent.map(m => m.to)).toEqual([{ kind: 'phone', value: '+33600000002' }, { kind: 'phone', value: '+33600000002' }])
    expect(channel.sent[0].text).toMatch(/assistant automati(que|sé)/)
    expect(channel.sent[0].text).toContain('/privacy')
    expect(channel.sent[1].text).not.toMatch(/assistant automati/)
    expect(channel.sent.every(m => m.conversationId === received.conversationId)).toBe(true)
    expect(new Set(channel.sent.map(m => m.messageId)).size).toBe(2)
  })

  it('sends a citizen\'s reply before the broadcast rows queued ahead of it, and the broadcast after', async () => {
    // Issue 20: a broadcast never blocks conversations. Claimed oldest first, a reply waited
    // behind every row of a broadcast planned before it (50,000 in the bench).
    await start()
    const { db } = t.database
    await t.core.outbox.stop()
    const citizen = await db.citizen.create({ data: {} })
    const identity = await db.identity.create({ data: { kind: 'phone', value: '+33600000020', citizenId: citizen.id } })
    const conversation = await db.conversation.create({ data: { citizenId: citizen.id, identityId: identity.id, channel: MEMORY_CHANNEL } })
    const broadcast = await db.broadcast.create({ data: { topic: 'roadworks', textFr: 'Travaux', textEn: 'Roadworks', sendAt: new Date(), status: 'sending' } })
    const planned = new Date(Date.now() - 60_000)
    await inTransaction(db, tx => enqueueOutboundMany(tx, Array.from({ length: 1200 }, (_, i) => ({
      conversationId: conversation.id, citizenId: citizen.id, channel: MEMORY_CHANNEL, text: `alerte ${i}`, author: 'bot' as const, now: planned, broadcastId: broadcast.id,
    }))))
    const reply = await enqueueAgentReply('votre réponse', '+33600000021')
    t.core.outbox.start()
    await waitFor(async () => (await db.outboxItem.count({ where: { status: 'sent' } })) === 1201, 30_000, 'every row sent')
    expect(channel.sent[0].text).toBe('votre réponse')
    expect(channel.sent.slice(1).map(m => m.text)).toEqual(Array.from({ length: 1200 }, (_, i) => `alerte ${i}`))
    expect((await outboxOf(reply.messageId)).attempts).toBe(1)
  })
})
