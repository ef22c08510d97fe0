// Email tests' harness: a real Dovecot, a real SMTP sink and the app with the email channel built
// from an explicit config (never process.env); raw citizen mails are built with nodemailer's own
// MIME composer, so what lands in Dovecot is what a real mail client would send.
import nodemailer from 'nodemailer'
import { randomUUID } from 'node:crypto'
import { buildTestApp, type TestApp } from './test-app.ts'
import { startDovecot, type Dovecot } from './dovecot.ts'
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts'
import { createEmailChannel, type EmailChannel } from '../../channels/email/index.ts'
import { readEmailConfig } from '../../channels/email/config.ts'
import type { ChannelModule } from '../../src/core/channel.ts'

export const MAIRIE = 'mairie@ville.example'
export const CITIZEN = 'jeanne.martin@citoyen.example'

export type Harness = { t: TestApp, dovecot: Dovecot, sink: SmtpSink, channel: () => EmailChannel }

export function emailModule (dovecot: Dovecot, sink: SmtpSink, extraEnv: Record<string, string> = {}): { module: ChannelModule, channel: () => EmailChannel } {
  let built: EmailChannel | undefined
  const config = readEmailConfig({
    IMAP_HOST: dovecot.host,
    IMAP_PORT: String(dovecot.port),
    IMAP_SECURE: 'false',
    IMAP_USER: dovecot.user,
    IMAP_PASSWORD: dovecot.password,
    SMTP_URL: sink.url,
    MAIL_FROM: `Mairie de Belleville <${MAIRIE}>`,
    ...extraEnv,
  })!
  const module: ChannelModule = {
    name: 'email',
    fromEnv: (_env, deps) => (built = createEmailChannel(config, deps, { idleDelayMs: 50, pollMs: 1000, reconnectBaseMs: 100, reconnectMaxMs: 500 })),
  }
  return { module, channel: () => built! }
}

export async function startHarness (options: { db?: 'sqlite' | 'postgresql', env?: Record<string, string> } = {}): Promise<Harness> {
  const dovecot = await startDovecot()
  const sink = await startSmtpSink()
  const { module, channel } = emailModule(dovecot, sink, options.env)
  try {
    const t = await buildTestApp({ db: options.db, channels: [module] })
    return { t, dovecot, sink, channel }
  } catch (error) {
    await sink.stop()
    await dovecot.stop()
    throw error
  }
}

export async function stopHarness (h: Harness | undefined): Promise<void> {
  if (!h) return
  await h.t.stopAll()
  await h.sink.stop()
  await h.dovecot.stop()
}

export async function inbound (t: TestApp) {
  return t.database.db.message.findMany({ where: { direction: 'inbound' }, orderBy: { id: 'asc' }, include: { attachments: true } })
}


export type CitizenMail = {
  from: string
  to?: string
  subject?: string
  text?: string
  html?: string
  messageId?: string
  inReplyTo?: string
  references?: string[]
  headers?: Record<string, string>
  attachments?: { filename: string, contentType: string, content: Buffer }[]
}

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })

export async function buildMail (mail: CitizenMail): Promise<{ raw: Buffer, messageId: string }> {
  const messageId = mail.messageId ?? `<${randomUUID()}@citoyen.example>`
  const info = await composer.sendMail({
    from: mail.from,
    to: mail.to ?? 'Mairie <mairie@ville.example>',
    subject: mail.subject ?? 'Question',
    text: mail.text,
    html: mail.html,
    messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    headers: mail.headers,
    attachments: mail.attachments,
  })
  return { raw: info.message as Buffer, messageId }
}

/** A 1×1 PNG: a real image, a few bytes. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
