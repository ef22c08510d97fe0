// The core's side of the channel contract (src/core/channel.ts): a channel's reply reference comes
// back to it, and only to it, with every send; a channel gets the capabilities it lists, no other.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { createMemoryChannel, memoryInbound, MEMORY_CHANNEL, type MemoryChannel } from '../../helpers/memory-channel.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { enqueueOutbound } from '../../../src/db/outbox.ts'

let t: TestApp
let channel: MemoryChannel
afterEach(async () => { await t?.stopAll() })

async function start () {
  channel = createMemoryChannel()
  t = await buildTestApp({ channels: [channel.module], answerer: createKeywordAnswerer() })
}

/** An agent's reply in the conversation, as the memory channel is asked to send it. */
async function agentReply (conversationId: string, text: string) {
  const { db } = t.database
  const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })
  await enqueueOutbound(db, { conversationId, citizenId: conversation.citizenId, channel: MEMORY_CHANNEL, text, author: 'agent', now: new Date() })
  t.core.outbox.wake()
  return waitFor(() => channel.sent.find(m => m.text === text), 5000, 'the agent reply sent')
}

describe('the channel contract, from the core', () => {
  it('hands a channel back the latest reply reference it gave in the conversation', async () => {
    await start()
    const first = await t.core.receive({ ...memoryInbound('+33600000010', 'bonjour'), replyReference: { thread: 'a' } })
    await t.core.receive({ ...memoryInbound('+33600000010', 'merci'), replyReference: { thread: 'b' } })
    await t.core.idle()
    expect((await agentReply(first.conversationId, 'Réponse de l\'agent')).replyReference).toEqual({ thread: 'b' })
  })

  it('never hands one channel\'s reference to another channel sending in the same conversation', async () => {
    await start()
    const received = await t.core.receive(memoryInbound('+33600000011', 'bonjour'))
    await t.core.idle()
    // An email naming this conversation's ticket left email's thread on it.
    await t.database.db.conversation.update({ where: { id: received.conversationId }, data: { replyReference: JSON.stringify({ channel: 'email', reference: { messageId: '<x@citoyen.example>' } }) } })
    expect((await agentReply(received.conversationId, 'Réponse de l\'agent')).replyReference).toBeUndefined()
  })

  it('gives a channel only the capabilities it lists', async () => {
    await start()
    const plain = t.core.contextFor({ name: 'twilio' }, t.app.log)
    expect([plain.history, plain.sessions, plain.threading]).toEqual([undefined, undefined, undefined])
    const chat = t.core.contextFor({ name: 'webchat', uses: { history: true, sessions: true } }, t.app.log)
    expect(Object.keys(chat.history)).toEqual(['firstScreen', 'messages'])
    expect(typeof chat.sessions.check).toBe('function')
    expect(chat.threading).toBeUndefined()
  })
})
