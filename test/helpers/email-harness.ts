// Email tests' harness: a real Dovecot, a real SMTP sink and the app with the email channel built
// from an explicit config (never process.env).
import { buildTestApp, waitFor, type TestApp } from './test-app.ts'
import { startDovecot, type Dovecot } from './dovecot.ts'
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts'
import { createEmailChannel, type EmailChannel } from '../../channels/email/channel.ts'
import { readEmailConfig } from '../../channels/email/config.ts'
import type { ChannelModule } from '../../src/core/channel.ts'
import { createKeywordAnswerer } from './keyword-answerer.ts'
import type { ParsedMail } from 'mailparser'

export { buildMail, TINY_PDF, TINY_PNG, type CitizenMail } from './email-mail.ts'

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
    identityKinds: ['email'],
    readSettings: () => config,
    create: (_settings, deps) => (built = createEmailChannel(config, deps, { idleDelayMs: 50, pollMs: 1000, reconnectBaseMs: 100, reconnectMaxMs: 500 })),
  }
  return { module, channel: () => built! }
}

export async function startHarness (options: { db?: 'sqlite' | 'postgresql', env?: Record<string, string>, beforeStart?: (dovecot: Dovecot) => Promise<void> } = {}): Promise<Harness> {
  const dovecot = await startDovecot()
  await options.beforeStart?.(dovecot)
  const sink = await startSmtpSink()
  const { module, channel } = emailModule(dovecot, sink, options.env)
  try {
    // The core's keyword answerer: these tests are about mail, not about what the assistant says.
    const t = await buildTestApp({ db: options.db, channels: [module], answerer: createKeywordAnswerer() })
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

/**
 * Every turn taken so far handled and every mail it queued sent or given up: from then on the SMTP
 * sink holds all it will ever get for them (it keeps a mail before it says 250), so counting is exact.
 * Call it after waiting for something that shows the mail was read (a turn not started yet is not waited for).
 */
export async function settled (t: TestApp): Promise<void> {
  await t.core.idle()
  await waitFor(async () => await t.database.db.outboxItem.count({ where: { status: 'pending' } }) === 0, 20_000, 'the outbox to drain')
}

/** The keyword answerer's automated-assistant notice (first contact of a conversation) and its greeting answer. */
export const NOTICE = /assistant automatique de la mairie/
export const GREETING_ANSWER = 'Bonjour ! Comment puis-je vous aider ?'

/** The mails the sink received in answer to the citizen mail `messageId`. */
export function answersTo (sink: SmtpSink, messageId: string): ParsedMail[] {
  return sink.received.filter(m => m.inReplyTo === messageId)
}
