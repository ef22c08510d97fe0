import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EMAIL_VARIABLES, readEmailConfig } from '../../../../channels/email/config.ts'
import { ConfigError } from '../../../../src/errors.ts'

const FULL = { IMAP_HOST: 'imap.ville.example', IMAP_USER: 'mairie', IMAP_PASSWORD: 'secret', SMTP_URL: 'smtp://smtp.ville.example:587', MAIL_FROM: 'Mairie <Mairie@Ville.example>' }

describe('email settings', () => {
  it('is off when every variable is unset', () => {
    expect(readEmailConfig({})).toBeUndefined()
    expect(readEmailConfig({ IMAP_HOST: '' })).toBeUndefined()
  })

  it('names what is missing when only part is set', () => {
    expect(() => readEmailConfig({ IMAP_HOST: 'imap.ville.example' })).toThrow(ConfigError)
    expect(() => readEmailConfig({ IMAP_HOST: 'imap.ville.example' })).toThrow(/IMAP_USER, IMAP_PASSWORD, SMTP_URL, MAIL_FROM/)
  })

  it('reads a full configuration with its defaults', () => {
    expect(readEmailConfig(FULL)).toMatchObject({
      imap: { host: 'imap.ville.example', port: 993, secure: true, user: 'mairie', mailbox: 'INBOX' },
      fromAddress: 'mairie@ville.example',
      maxAutoRepliesPerHour: 5,
    })
    expect(readEmailConfig({ ...FULL, IMAP_SECURE: 'false' })!.imap.port).toBe(143)
  })

  it('refuses wrong values, each named', () => {
    expect(() => readEmailConfig({ ...FULL, IMAP_SECURE: 'yes' })).toThrow(/IMAP_SECURE/)
    expect(() => readEmailConfig({ ...FULL, IMAP_PORT: 'x' })).toThrow(/IMAP_PORT/)
    expect(() => readEmailConfig({ ...FULL, SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/)
    expect(() => readEmailConfig({ ...FULL, MAIL_FROM: 'Mairie' })).toThrow(/MAIL_FROM/)
    expect(() => readEmailConfig({ ...FULL, EMAIL_MAX_AUTO_REPLIES_PER_HOUR: '-1' })).toThrow(/EMAIL_MAX_AUTO_REPLIES_PER_HOUR/)
  })

  it('documents every variable it reads in the email guide', () => {
    const readme = fs.readFileSync('docs/channels/email.md', 'utf8')
    const section = readme.slice(readme.indexOf('<!-- section:email -->'), readme.indexOf('<!-- /section:email -->'))
    for (const name of EMAIL_VARIABLES) expect(section, name).toContain(`\`${name}\``)
  })
})
