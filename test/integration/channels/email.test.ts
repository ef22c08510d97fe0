// The email channel against a real Dovecot (IMAP) and a real SMTP server: mail is dropped into
// the mailbox with APPEND, the app reads it, answers go out through the outbox over SMTP.
import { afterEach, describe, expect, it } from 'vitest'
import { isDovecotInstalled } from '../../helpers/dovecot.ts'
import { buildMail, CITIZEN, GREETING_ANSWER, inbound, MAIRIE, NOTICE, settled, startHarness, stopHarness, TINY_PDF, TINY_PNG, type Harness } from '../../helpers/email-harness.ts'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { startDovecot, type Dovecot } from '../../helpers/dovecot.ts'
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'

describe.skipIf(!isDovecotInstalled)('email channel: first mail and its answer', () => {
  let h: Harness | undefined
  afterEach(async () => { await stopHarness(h); h = undefined })

  for (const db of ['sqlite', 'postgresql'] as const) {
    it(`answers a first email with ONE mail in the same thread (notice + answer), then marks it read (${db})`, async () => {
      h = await startHarness({ db })
      const { raw, messageId } = await buildMail({ from: `Jeanne Martin <Jeanne.Martin@Citoyen.example>`, subject: 'Bonjour la mairie', text: 'Bonjour, quels sont vos horaires ?' })
      await h.dovecot.deliver(raw)

      await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the answer')
      await settled(h.t)
      // One mail answers one turn: the automated-assistant notice and the answer travel together.
      expect(h.sink.received).toHaveLength(1)
      const mail = h.sink.received[0]!
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(CITIZEN)
      expect(mail.inReplyTo).toBe(messageId)
      expect(mail.references).toContain(messageId)
      expect(mail.subject).toBe('Re: Bonjour la mairie')
      expect(mail.headers.get('auto-submitted')).toBe('auto-replied')
      expect(String(mail.headers.get('x-loop'))).toBe(MAIRIE)
      // The notice first (it names the assistant and links the privacy notice), a blank line, then the answer, then the signature.
      const privacyUrl = h.t.config.privacyUrl
      expect(mail.text).toMatch(NOTICE)
      expect(mail.text).toContain(`Protection des données : ${privacyUrl}\n\n${GREETING_ANSWER}\n\n-- \nMairie de Belleville`)
      expect(mail.text!.indexOf(privacyUrl)).toBeLessThan(mail.text!.indexOf(GREETING_ANSWER))
      // In HTML they are two paragraphs of the same mail.
      const paragraphs = [...String(mail.html).matchAll(/<p>([\s\S]*?)<\/p>/g)].map(m => m[1]!)
      expect(paragraphs).toHaveLength(2)
      expect(paragraphs[0]).toMatch(NOTICE)
      expect(paragraphs[0]).toContain(privacyUrl)
      expect(paragraphs[1]).toBe(GREETING_ANSWER)

      const [stored] = await inbound(h.t)
      const conversation = await h.t.database.db.conversation.findUniqueOrThrow({ where: { id: stored!.conversationId }, include: { identity: true } })
      expect(conversation.identity).toMatchObject({ kind: 'email', value: CITIZEN })
      expect(conversation.subject).toBe('Bonjour la mairie')
      await waitFor(async () => (await h!.dovecot.list()).every(m => m.flags.includes('\\Seen')), 10_000, '\\Seen')
      // One outbound message in the conversation, the one that was mailed.
      // Recorded just after the mail went out (with the other sends of its batch).
      await waitFor(async () => await h!.t.database.db.outboxItem.count({ where: { status: 'pending' } }) === 0, 10_000, 'the send recorded')
      const outbound = await h.t.database.db.message.findMany({ where: { direction: 'outbound' } })
      expect(outbound).toHaveLength(1)
      expect(outbound[0]!).toMatchObject({ conversationId: conversation.id, author: 'bot', providerMessageId: mail.messageId })
      expect(outbound[0]!.text).toMatch(NOTICE)
      expect(outbound[0]!.text).toContain(GREETING_ANSWER)
    })
  }
})

describe.skipIf(!isDovecotInstalled)('email channel: reading', () => {
  let h: Harness | undefined
  afterEach(async () => { await stopHarness(h); h = undefined })

  it('turns an HTML-only mail into clean text', async () => {
    h = await startHarness()
    const html = '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body><p>Bonjour,</p><p>Le lampadaire <b>rue des Lilas</b> est cass&eacute;.</p><img src="cid:logo"></body></html>'
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: 'Lampadaire', html })).raw)
    const [stored] = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 1 && m }, 10_000, 'stored')
    expect(stored!.text).toBe('Bonjour,\n\nLe lampadaire rue des Lilas est cassé.')
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the answer')
    await settled(h.t)
    expect(h.sink.received).toHaveLength(1)
  })

  it('keeps image and PDF attachments and refuses other types', async () => {
    h = await startHarness()
    const { raw } = await buildMail({
      from: CITIZEN,
      subject: 'Dépôt sauvage',
      text: 'Voici la photo et le constat.',
      attachments: [
        { filename: 'photo.png', contentType: 'image/png', content: TINY_PNG },
        { filename: 'constat.pdf', contentType: 'application/pdf', content: TINY_PDF },
        { filename: 'virus.exe', contentType: 'application/x-msdownload', content: Buffer.from('MZ') },
      ],
    })
    await h.dovecot.deliver(raw)
    const [stored] = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 1 && m }, 10_000, 'stored')
    expect(stored!.attachments.map(a => [a.filename, a.contentType, a.size]).sort()).toEqual([
      ['constat.pdf', 'application/pdf', TINY_PDF.length],
      ['photo.png', 'image/png', TINY_PNG.length],
    ])
    expect(Buffer.from(stored!.attachments.find(a => a.filename === 'photo.png')!.data!)).toEqual(TINY_PNG)
    expect(JSON.parse(stored!.meta!).rejectedAttachments).toEqual([{ filename: 'virus.exe', reason: 'type' }])
  })

  it('stores a mail delivered twice (same Message-ID) once and answers it once', async () => {
    h = await startHarness()
    const { raw } = await buildMail({ from: CITIZEN, text: 'bonjour' })
    await h.dovecot.deliver(raw)
    await h.dovecot.deliver(raw)
    await waitFor(async () => (await h!.dovecot.list()).filter(m => m.flags.includes('\\Seen')).length === 2, 20_000, 'both copies read')
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the answer')
    await settled(h.t)
    expect(await inbound(h.t)).toHaveLength(1)
    // One turn, one mail (notice and answer together), and nothing for the second copy.
    expect(h.sink.received).toHaveLength(1)
  })

  it('leaves mail already read before the first start to people, and moves what it handled to the processed folder', async () => {
    h = await startHarness({
      env: { IMAP_PROCESSED_FOLDER: 'Traites' },
      beforeStart: async dovecot => { await dovecot.deliver((await buildMail({ from: 'ancien@citoyen.example', text: 'vieux message lu' })).raw, 'INBOX', ['\\Seen']) },
    })
    // Let the first look at the mailbox happen with only the old mail in it.
    await waitFor(() => h!.channel().isConnected, 10_000, 'connected')
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(await inbound(h.t)).toHaveLength(0)
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    await waitFor(async () => (await h!.dovecot.list('Traites')).length === 1, 10_000, 'moved')
    expect((await h.dovecot.list('Traites'))[0]!.flags).toContain('\\Seen')
    const seenInbox = await h.dovecot.list('INBOX')
    expect(seenInbox, JSON.stringify({ traites: await h.dovecot.list('Traites'), stored: (await inbound(h.t)).map(m => m.text) })).toHaveLength(1) // the old, already read mail
    expect((await inbound(h.t)).map(m => m.text)).toEqual(['bonjour'])
  })
})

describe.skipIf(!isDovecotInstalled)('email channel: switched on by the environment', () => {
  let parts: { t?: TestApp, dovecot?: Dovecot, sink?: SmtpSink } = {}
  afterEach(async () => {
    await parts.t?.stopAll()
    await parts.sink?.stop()
    await parts.dovecot?.stop()
    parts = {}
  })

  it('is off without settings, and reads and answers with the production defaults once they are set', async () => {
    const off = await buildTestApp({ env: {}, start: false })
    expect(off.channelStatus.find(c => c.name === 'email')).toEqual({ name: 'email', on: false })
    await off.stopAll()

    const dovecot = parts.dovecot = await startDovecot()
    const sink = parts.sink = await startSmtpSink()
    const env = { IMAP_HOST: dovecot.host, IMAP_PORT: String(dovecot.port), IMAP_SECURE: 'false', IMAP_USER: dovecot.user, IMAP_PASSWORD: dovecot.password, SMTP_URL: sink.url, MAIL_FROM: MAIRIE }
    parts.t = await buildTestApp({ env, answerer: createKeywordAnswerer() })
    expect(parts.t.channelStatus.find(c => c.name === 'email')).toEqual({ name: 'email', on: true })
    const { raw, messageId } = await buildMail({ from: CITIZEN, text: 'bonjour' })
    await dovecot.deliver(raw)
    await waitFor(() => sink.received.length >= 1, 20_000, 'the answer')
    await settled(parts.t)
    expect(sink.received).toHaveLength(1)
    expect(sink.received[0]!.inReplyTo).toBe(messageId)
    expect(sink.received[0]!.text).toMatch(NOTICE)
    expect(sink.received[0]!.text).toContain(GREETING_ANSWER)
  })
})
