// The email channel against a real Dovecot (IMAP) and a real SMTP server: mail is dropped into
// the mailbox with APPEND, the app reads it, answers go out through the outbox over SMTP.
import { afterEach, describe, expect, it } from 'vitest'
import { isDovecotInstalled } from '../../helpers/dovecot.ts'
import { buildMail, CITIZEN, inbound, MAIRIE, startHarness, stopHarness, TINY_PDF, TINY_PNG, type Harness } from '../../helpers/email-harness.ts'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { startDovecot, type Dovecot } from '../../helpers/dovecot.ts'
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts'
import { createKeywordAnswerer } from '../../../src/core/keyword-answerer.ts'

describe.skipIf(!isDovecotInstalled)('email channel: first mail and its answer', () => {
  let h: Harness | undefined
  afterEach(async () => { await stopHarness(h); h = undefined })

  for (const db of ['sqlite', 'postgresql'] as const) {
    it(`answers a first email in the same thread, then marks it read (${db})`, async () => {
      h = await startHarness({ db })
      const { raw, messageId } = await buildMail({ from: `Jeanne Martin <Jeanne.Martin@Citoyen.example>`, subject: 'Bonjour la mairie', text: 'Bonjour, quels sont vos horaires ?' })
      await h.dovecot.deliver(raw)

      await waitFor(() => h!.sink.received.length >= 2, 10_000, 'two answers (notice + reply)')
      for (const mail of h.sink.received) {
        expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(CITIZEN)
        expect(mail.inReplyTo).toBe(messageId)
        expect(mail.references).toContain(messageId)
        expect(mail.subject).toBe('Re: Bonjour la mairie')
        expect(mail.headers.get('auto-submitted')).toBe('auto-replied')
        expect(String(mail.headers.get('x-loop'))).toBe(MAIRIE)
        expect(mail.html).toBeTruthy()
        expect(mail.text).toContain('-- \nMairie de Belleville')
      }
      // The automated-assistant notice comes first, then the answer (one conversation's mails leave in order).
      expect(h.sink.received[0]!.text).toMatch(/assistant automatique/)

      const [stored] = await inbound(h.t)
      const conversation = await h.t.database.db.conversation.findUniqueOrThrow({ where: { id: stored!.conversationId }, include: { identity: true } })
      expect(conversation.identity).toMatchObject({ kind: 'email', value: CITIZEN })
      expect(conversation.subject).toBe('Bonjour la mairie')
      await waitFor(async () => (await h!.dovecot.list()).every(m => m.flags.includes('\\Seen')), 5000, '\\Seen')
      const outbound = await h.t.database.db.message.findMany({ where: { direction: 'outbound' } })
      expect(outbound.map(m => m.providerMessageId).sort()).toEqual(h.sink.received.map(m => m.messageId).sort())
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
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'answers')
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
    await waitFor(async () => (await h!.dovecot.list()).filter(m => m.flags.includes('\\Seen')).length === 2, 10_000, 'both copies read')
    await h.t.core.idle()
    await waitFor(() => h!.sink.received.length >= 2, 5000, 'answers')
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(await inbound(h.t)).toHaveLength(1)
    expect(h.sink.received).toHaveLength(2)
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
    await dovecot.deliver((await buildMail({ from: CITIZEN, text: 'bonjour' })).raw)
    await waitFor(() => sink.received.length >= 2, 15_000, 'answers')
  })
})
