// Nothing lost, nothing twice: a restart, an IMAP server crash and SMTP failures, each against
// the real servers.
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { isDovecotInstalled } from '../../helpers/dovecot.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { answersTo, buildMail, CITIZEN, emailModule, inbound, NOTICE, settled, startHarness, stopHarness, type Harness } from '../../helpers/email-harness.ts'

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
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the first answer')
    await settled(h.t)
    const databaseUrl = h.t.config.databaseUrl
    await h.t.close()

    const { module } = emailModule(h.dovecot, h.sink)
    restarted = await buildTestApp({ databaseUrl, seed: false, channels: [module], answerer: createKeywordAnswerer() })
    // Mail arriving after the restart is read; the old one is not read again.
    const again = await buildMail({ from: CITIZEN, text: 'encore bonjour' })
    await h.dovecot.deliver(again.raw)
    const messages = await waitFor(async () => { const m = await inbound(restarted!); return m.length === 2 && m }, 20_000, 'second mail')
    await waitFor(() => answersTo(h!.sink, again.messageId).length >= 1, 20_000, 'second answer')
    await settled(restarted)
    expect(messages.map(m => m.text)).toEqual(['bonjour', 'encore bonjour'])
    // One mail per turn, and none for the old mail again.
    expect(h.sink.received).toHaveLength(2)
    expect(answersTo(h.sink, again.messageId)).toHaveLength(1)
    fs.rmSync(databaseUrl.slice('file:'.length), { force: true })
  })

  it('starts over safely when the server renumbers the mailbox (new UIDVALIDITY): new mail read, old mail not twice', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the first answer')
    await settled(h.t)
    // What a restored or migrated mailbox looks like to us: the stored UIDVALIDITY no longer matches.
    const { db } = h.t.database
    const [cursor] = await db.channelState.findMany({ where: { key: { startsWith: 'email:cursor:' } } })
    await db.channelState.update({ where: { key: cursor!.key }, data: { value: JSON.stringify({ uidValidity: '1', lastUid: 999, floor: 1000 }) } })
    const sent = h.sink.received.length
    // The old mail is unread again (a person reset it), so only the Message-ID stops a second answer.
    await h.dovecot.setSeen(false)
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'encore moi' })).raw)
    await waitFor(() => h!.sink.received.length > sent, 20_000, 'answer to the new mail')
    await settled(h.t)
    expect((await inbound(h.t)).map(m => m.text)).toEqual(['bonjour', 'encore moi'])
    expect(sent).toBe(1)
    expect(h.sink.received).toHaveLength(sent + 1)
  })

  it('survives the IMAP server crashing and reads mail that arrives once it is back', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the first answer')

    await h.dovecot.kill()
    await waitFor(() => !h!.channel().isConnected, 10_000, 'the watcher to notice')
    await new Promise(resolve => setTimeout(resolve, 300)) // a few failed reconnection attempts
    await h.dovecot.startAgain()
    await waitFor(() => h!.channel().isConnected, 10_000, 'reconnection')
    const after = await buildMail({ from: CITIZEN, text: 'vous êtes là ?' })
    await h.dovecot.deliver(after.raw)

    await waitFor(() => answersTo(h!.sink, after.messageId).length >= 1, 20_000, 'answer after the crash')
    await settled(h.t)
    expect((await inbound(h.t)).map(m => m.text)).toEqual(['bonjour', 'vous êtes là ?'])
    expect(h.sink.received).toHaveLength(2)
  })

  it('retries a mail the SMTP server refused for now (451) until it is delivered, once', async () => {
    h = await startHarness()
    h.sink.refuseNext(2, 451)
    const { raw, messageId } = await buildMail({ from: CITIZEN, text: 'bonjour' })
    await h.dovecot.deliver(raw)
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'delivery after retries')
    await settled(h.t)
    // The turn's one mail (notice + answer), refused twice, delivered at the third attempt, once.
    expect(h.sink.received).toHaveLength(1)
    expect(h.sink.received[0]!.inReplyTo).toBe(messageId)
    expect(h.sink.received[0]!.text).toMatch(NOTICE)
    const items = await h.t.database.db.outboxItem.findMany()
    expect(items.map(i => [i.status, i.attempts])).toEqual([['sent', 3]])
    const [sentMessage] = await h.t.database.db.message.findMany({ where: { direction: 'outbound' } })
    expect(sentMessage!.providerMessageId).toBe(h.sink.received[0]!.messageId)
  })

  it('gives up at once on a permanent SMTP refusal (550) and flags the conversation for a person', async () => {
    h = await startHarness()
    h.sink.refuseNext(100, 550)
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    const items = await waitFor(async () => {
      const rows = await h!.t.database.db.outboxItem.findMany()
      return rows.length === 1 && rows.every(i => i.status === 'failed') && rows
    }, 20_000, 'the failed send')
    // One mail for the turn, refused once and never tried again.
    expect(items.map(i => i.attempts)).toEqual([1])
    expect(items[0]!.lastError).toMatch(/550/)
    const conversation = await h.t.database.db.conversation.findFirstOrThrow()
    expect(conversation).toMatchObject({ needsHuman: true, needsHumanReason: 'send_failed' })
    expect(h.sink.received).toHaveLength(0)
  })
})
