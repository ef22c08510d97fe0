import fs from 'node:fs'
import path from 'node:path'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { parseInboundMail, type ParsedInbound } from '../../../../channels/email/parse-mail.ts'

const OURS = 'mairie@ville.example'
const FIXTURES = path.resolve('test/fixtures/email')

async function parseFixture (name: string): Promise<ParsedInbound> {
  const raw = fs.readFileSync(path.join(FIXTURES, name))
  const outcome = parseInboundMail(await simpleParser(raw), raw, OURS)
  if ('skipped' in outcome) throw new Error(`skipped: ${outcome.skipped}`)
  return outcome
}

describe('reading one email', () => {
  it('turns an HTML-only mail into clean text with the lower-cased sender as identity', async () => {
    const { message, loopReason } = await parseFixture('html-only.eml')
    expect(message.from).toEqual({ kind: 'email', value: 'jeanne.martin@citoyen.example' })
    expect(message.text).toBe('Bonjour,\n\nLe lampadaire rue des Lilas est cassé.\n\nCordialement')
    expect(message.text).not.toMatch(/alert|color|<|cid:/)
    expect(message.externalId).toBe('<html-only-1@citoyen.example>')
    expect(message.meta).toMatchObject({ subject: 'Lampadaire cassé', messageId: '<html-only-1@citoyen.example>', fromName: 'Jeanne Martin' })
    expect(loopReason).toBeUndefined()
  })

  it('keeps the full reply for agents but gives the classifier only the new words, with the thread ids and ticket reference', async () => {
    const parsed = await parseFixture('reply-with-history.eml')
    expect(parsed.message.text).toContain('a écrit :')
    expect(parsed.message.text).toContain('06 12 34 56 78')
    expect(parsed.message.nluText).toBe('Le trou est toujours là.')
    expect(parsed.threadIds).toEqual(['<cmout2@ville.example>', '<cmout1@ville.example>', '<first-1@citoyen.example>'])
    expect(parsed.ticketReference).toBe('DEM-2026-00042')
    expect(parsed.message.meta).toMatchObject({
      inReplyTo: '<cmout2@ville.example>',
      references: ['<first-1@citoyen.example>', '<cmout1@ville.example>', '<cmout2@ville.example>'],
    })
  })

  it('keeps images and PDFs with their bytes and lists what it refused', async () => {
    const { message } = await parseFixture('attachments.eml')
    expect(message.attachments!.map(a => [a.filename, a.contentType])).toEqual([['photo.png', 'image/png'], ['constat.pdf', 'application/pdf']])
    expect(message.attachments![0]!.data!.subarray(1, 4).toString()).toBe('PNG')
    expect(message.meta!.rejectedAttachments).toEqual([{ filename: 'setup.exe', reason: 'type' }])
  })

  it('flags an out-of-office reply and a bounce as never to be answered', async () => {
    expect((await parseFixture('out-of-office.eml')).loopReason).toBe('auto_submitted')
    const bounce = await parseFixture('bounce.eml')
    expect(bounce.loopReason).toBe('bounce')
    expect(bounce.message.text).toMatch(/could not be delivered/)
  })

  it('gives a mail without Message-ID a stable id from its bytes, so a redelivery is still recognised', async () => {
    const first = await parseFixture('no-message-id.eml')
    const again = await parseFixture('no-message-id.eml')
    expect(first.message.externalId).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(again.message.externalId).toBe(first.message.externalId)
  })

  it('skips a mail with no sender address (nobody to identify or answer)', async () => {
    const raw = Buffer.from('To: mairie@ville.example\r\nSubject: ?\r\n\r\nhello\r\n')
    expect(parseInboundMail(await simpleParser(raw), raw, OURS)).toEqual({ skipped: 'no_sender' })
  })

  it('drops NUL characters, which PostgreSQL cannot store (the mail would never be read)', async () => {
    const raw = Buffer.from('From: a@b.example\r\nSubject: x\u0000y\r\nMessage-ID: <n\u0000ul@b.example>\r\n\r\nbon\u0000jour\r\n')
    const { message } = parseInboundMail(await simpleParser(raw), raw, OURS) as ParsedInbound
    expect(message.text).toBe('bonjour')
    expect(message.meta!.subject).toBe('xy')
    expect(message.externalId).toBe('<nul@b.example>')
  })

  it('cuts a huge body to the channel limit rather than refusing the mail', async () => {
    const raw = Buffer.from(`From: a@b.example\r\nSubject: long\r\n\r\n${'x'.repeat(150_000)}\r\n`)
    const outcome = parseInboundMail(await simpleParser(raw), raw, OURS) as ParsedInbound
    expect(outcome.message.text).toHaveLength(100_000)
  })
})
