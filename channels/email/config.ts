// The email channel's slice of the environment (CONTRACT.md): all unset = off, partly set = a
// ConfigError naming what is missing, otherwise a frozen, typed config.
import { ConfigError } from '../../src/errors.ts'

export type EmailConfig = Readonly<{
  imap: Readonly<{ host: string, port: number, secure: boolean, user: string, password: string, mailbox: string }>
  smtpUrl: string
  /** As configured, display name included ("Mairie <mairie@example.fr>"). */
  mailFrom: string
  /** The bare, lower-cased address of mailFrom: loop checks and our Message-ID domain. */
  fromAddress: string
  maxAutoRepliesPerHour: number
  /** Processed mail is moved here when set (it is always marked \Seen). */
  processedFolder?: string
  signature?: string
}>

const REQUIRED = ['IMAP_HOST', 'IMAP_USER', 'IMAP_PASSWORD', 'SMTP_URL', 'MAIL_FROM'] as const
const ALL = [...REQUIRED, 'IMAP_PORT', 'IMAP_SECURE', 'IMAP_MAILBOX'] as const
/** Every variable this channel reads (the README documents each one). */
export const EMAIL_VARIABLES = [...ALL, 'IMAP_PROCESSED_FOLDER', 'EMAIL_SIGNATURE', 'EMAIL_MAX_AUTO_REPLIES_PER_HOUR'] as const

const DEFAULTS = {
  IMAP_SECURE: 'true', // IMAPS on 993 unless told otherwise
  IMAP_MAILBOX: 'INBOX', // CONTRACT.md
  EMAIL_MAX_AUTO_REPLIES_PER_HOUR: '5',
} as const

export function readEmailConfig (env: NodeJS.ProcessEnv): EmailConfig | undefined {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name])
  if (ALL.every(name => value(name) === undefined)) return undefined
  const problems: string[] = []
  const missing = REQUIRED.filter(name => value(name) === undefined)
  if (missing.length) problems.push(`email: ${missing.join(', ')} must be set (or every IMAP_*/SMTP_URL/MAIL_FROM variable unset to turn email off)`)

  const secureRaw = value('IMAP_SECURE') ?? DEFAULTS.IMAP_SECURE
  if (secureRaw !== 'true' && secureRaw !== 'false') problems.push(`IMAP_SECURE must be true or false (got "${secureRaw}")`)
  const secure = secureRaw !== 'false'
  const portRaw = value('IMAP_PORT') ?? (secure ? '993' : '143')
  const port = Number(portRaw)
  if (!/^\d+$/.test(portRaw) || port < 1 || port > 65535) problems.push(`IMAP_PORT must be a port number (got "${portRaw}")`)

  const smtpUrl = value('SMTP_URL') ?? ''
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL')
  const mailFrom = value('MAIL_FROM') ?? ''
  const fromAddress = bareAddress(mailFrom)
  if (mailFrom && !fromAddress) problems.push('MAIL_FROM must be an email address, optionally with a name: Mairie <mairie@example.fr>')

  const capRaw = value('EMAIL_MAX_AUTO_REPLIES_PER_HOUR') ?? DEFAULTS.EMAIL_MAX_AUTO_REPLIES_PER_HOUR
  const maxAutoRepliesPerHour = Number(capRaw)
  if (!/^\d+$/.test(capRaw) || maxAutoRepliesPerHour > 1000) problems.push(`EMAIL_MAX_AUTO_REPLIES_PER_HOUR must be a whole number from 0 to 1000 (got "${capRaw}")`)

  if (problems.length) throw new ConfigError(problems.join('; '))
  return Object.freeze({
    imap: Object.freeze({
      host: value('IMAP_HOST')!,
      port,
      secure,
      user: value('IMAP_USER')!,
      password: value('IMAP_PASSWORD')!,
      mailbox: value('IMAP_MAILBOX') ?? DEFAULTS.IMAP_MAILBOX,
    }),
    smtpUrl,
    mailFrom,
    fromAddress: fromAddress!,
    maxAutoRepliesPerHour,
    processedFolder: value('IMAP_PROCESSED_FOLDER'),
    signature: value('EMAIL_SIGNATURE')?.replaceAll('\\n', '\n'),
  })
}

/** "Mairie <Mairie@Example.fr>" → "mairie@example.fr"; undefined when there is no address. */
export function bareAddress (mailbox: string): string | undefined {
  const match = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailbox) ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(mailbox)
  return match?.[1]?.toLowerCase()
}
