// Nothing lost, nothing twice: a restart, an IMAP server crash and SMTP failures, each against
// the real servers.
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { isDovecotInstalled } from '../../helpers/dovecot.ts'
import { createKeywordAnswerer } from '../../../src/core/keyword-answerer.ts'
import { buildMail, CITIZEN, emailModule, inbound, startHarness, stopHarness, type Harness } from '../../helpers/email-harness.ts'

describe.skipIf(!isDovecotInstalled)('email channel: resilience', () => {
  let h: Harness | undefined
  let restarted: TestApp | undefined
  afterEach(async () => {
    await restarted?.stopAll()
    restarted = undefined
    await stopHarness(h)
    h = undefined
  })

  it('does not read or answer a mail again after a restart on the same database', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'first answers')
    await h.t.core.idle()
    const databaseUrl = h.t.config.databaseUrl
    await h.t.close()

    const { module } = emailModule(h.dovecot, h.sink)
    restarted = await buildTestApp({ databaseUrl, seed: false, channels: [module], answerer: createKeywordAnswerer() })
    // Mail arriving after the restart is read; the old one is not read again.
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'encore bonjour' })).raw)
    const messages = await waitFor(async () => { const m = await inbound(restarted!); return m.length === 2 && m }, 10_000, 'second mail')
    await waitFor(() => h!.sink.received.length >= 3, 10_000, 'second answer')
    await restarted.core.idle()
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(messages.map(m => m.text)).toEqual(['bonjour', 'encore bonjour'])
    expect(h.sink.received).toHaveLength(3)
    fs.rmSync(databaseUrl.slice('file:'.length), { force: true })
  })

  it('starts over safely when the server renumbers the mailbox (new UIDVALIDITY): new mail read, old mail not twice', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'first answers')
    await h.t.core.idle()
    // What a restored or migrated mailbox looks like to us: the stored UIDVALIDITY no longer matches.
    const { db } = h.t.database
    const [cursor] = await db.channelState.findMany({ where: { key: { startsWith: 'email:cursor:' } } })
    await db.channelState.update({ where: { key: cursor!.key }, data: { value: JSON.stringify({ uidValidity: '1', lastUid: 999, floor: 1000 }) } })
    const sent = h.sink.received.length
    // The old mail is unread again (a person reset it), so only the Message-ID stops a second answer.
    await h.dovecot.setSeen(false)
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'encore moi' })).raw)
    await waitFor(() => h!.sink.received.length > sent, 10_000, 'answer to the new mail')
    await h.t.core.idle()
    await new Promise(resolve => setTimeout(resolve, 300))
    expect((await inbound(h.t)).map(m => m.text)).toEqual(['bonjour', 'encore moi'])
    expect(h.sink.received).toHaveLength(sent + 1)
  })

  it('survives the IMAP server crashing and reads mail that arrives once it is back', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'first answers')

    await h.dovecot.kill()
    await waitFor(() => !h!.channel().isConnected, 5000, 'the watcher to notice')
    await new Promise(resolve => setTimeout(resolve, 300)) // a few failed reconnection attempts
    await h.dovecot.startAgain()
    await waitFor(() => h!.channel().isConnected, 5000, 'reconnection')
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'vous êtes là ?' })).raw)

    await waitFor(() => h!.sink.received.length >= 3, 10_000, 'answer after the crash')
    expect((await inbound(h.t)).map(m => m.text)).toEqual(['bonjour', 'vous êtes là ?'])
  })

  it('retries a mail the SMTP server refused for now (451) until it is delivered, once', async () => {
    h = await startHarness()
    h.sink.refuseNext(2, 451)
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'delivery after retries')
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(new Set(h.sink.received.map(m => m.messageId)).size).toBe(2)
    expect(h.sink.received).toHaveLength(2)
    const items = await h.t.database.db.outboxItem.findMany()
    expect(items.map(i => i.status)).toEqual(['sent', 'sent'])
    expect(items.reduce((sum, i) => sum + i.attempts, 0)).toBe(4)
  })

  it('gives up at once on a permanent SMTP refusal (550) and flags the conversation for a person', async () => {
    h = await startHarness()
    h.sink.refuseNext(100, 550)
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    const items = await waitFor(async () => {
      const rows = await h!.t.database.db.outboxItem.findMany()
      return rows.length === 2 && rows.every(i => i.status === 'failed') && rows
    }, 10_000, 'failed sends')
    expect(items.map(i => i.attempts)).toEqual([1, 1])
    expect(items[0]!.lastError).toMatch(/550/)
    const conversation = await h.t.database.db.conversation.findFirstOrThrow()
    expect(conversation).toMatchObject({ needsHuman: true, needsHumanReason: 'send_failed' })
    expect(h.sink.received).toHaveLength(0)
  })
})
