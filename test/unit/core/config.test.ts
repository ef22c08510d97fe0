import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config.ts'
import { ConfigError } from '../../../src/errors.ts'

const problemsOf = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('loadConfig accepted a wrong value')
}

describe('configuration', () => {
  it('starts with the contract defaults when nothing is set', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: 'file:./data/assistant.db', logLevel: 'info', ticketPrefix: 'DEM', publicUrl: 'http://127.0.0.1:3000' })
    expect(config.privacyUrl).toBe('http://127.0.0.1:3000/privacy')
    expect(config.holidays).toBe('fr')
    expect(loadConfig({ TOWN_HOLIDAYS: 'fr-alsace-moselle' }).holidays).toBe('fr-alsace-moselle')
    expect(Object.isFrozen(config)).toBe(true)
    // The commune's box comes from the town file (settings.bbox) unless TOWN_BBOX overrides it or turns it off.
    expect(config.townBbox).toBeUndefined()
    expect(loadConfig({ TOWN_BBOX: 'off' }).townBbox).toBe('off')
    expect(loadConfig({ TOWN_BBOX: '2.2,48.8,2.5,48.9' }).townBbox).toEqual({ minLon: 2.2, minLat: 48.8, maxLon: 2.5, maxLat: 48.9 })
  })

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a whole number from 0 to 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with file: or postgresql:\/\//],
    [{ LOG_LEVEL: 'verbose' }, /^LOG_LEVEL must be one of/],
    [{ PUBLIC_URL: 'ftp://town' }, /^PUBLIC_URL must be an http\(s\) URL/],
    [{ ADMIN_EMAIL: 'not-an-email' }, /^ADMIN_EMAIL /],
    [{ ADMIN_PASSWORD: 'short' }, /^ADMIN_PASSWORD /],
    [{ TICKET_PREFIX: 'dem' }, /^TICKET_PREFIX /],
    [{ TOWN_TIMEZONE: 'Mars/Olympus' }, /^TOWN_TIMEZONE /],
    [{ TOWN_HOLIDAYS: 'alsace' }, /^TOWN_HOLIDAYS must be fr or fr-alsace-moselle \(got "alsace"\)$/],
    [{ QUIET_HOURS: 'late' }, /^QUIET_HOURS /],
    [{ OUTBOX_MAX_ATTEMPTS: '0' }, /^OUTBOX_MAX_ATTEMPTS /],
    [{ SEED_DEMO: 'yes' }, /^SEED_DEMO /],
    [{ TOWN_BBOX: '2.5,48.8,2.2,48.9' }, /^TOWN_BBOX must be minLon,minLat,maxLon,maxLat/],
  ])('refuses %o with one sentence naming the variable', (env, expected) => {
    const message = problemsOf(env)
    expect(message).toMatch(expected)
    expect(message).not.toContain('\n')
  })

  it('lists every problem at once', () => {
    const message = problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', SEED_DEMO: 'maybe' })
    expect(message.split('; ').map(p => p.split(' ')[0])).toEqual(['PORT', 'LOG_LEVEL', 'SEED_DEMO'])
  })
})

describe('channel settings, read with the rest', () => {
  it('turns off every channel whose variables are all unset, the web chat always on', () => {
    const { channels } = loadConfig({})
    expect(channels).toEqual({ webchat: {}, twilio: undefined, email: undefined, botframework: undefined, slack: undefined })
    expect(Object.isFrozen(channels)).toBe(true)
  })

  it('keeps each channel\'s checked settings for buildApp', () => {
    const { channels } = loadConfig({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_SMS_FROM: '+33757000000', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_INBOX_CHANNEL: 'C1' })
    expect(channels.twilio).toMatchObject({ smsFrom: '+33757000000', maxSegments: 4 })
    expect(channels.slack).toMatchObject({ inboxChannel: 'C1' })
    expect(channels.email).toBeUndefined()
  })

  it.each([
    [{ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` }, /^Twilio is partly configured: missing TWILIO_AUTH_TOKEN/],
    [{ IMAP_HOST: 'imap.example.fr', IMAP_PORT: 'imap' }, /IMAP_PORT must be a port number \(got "imap"\)/],
    [{ BOTFRAMEWORK_AUTH: 'disabled', NODE_ENV: 'production' }, /^BOTFRAMEWORK_AUTH=disabled is refused when NODE_ENV=production$/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET, SLACK_INBOX_CHANNEL must be set/],
  ])('refuses a wrong channel setting %o as a configuration error', (env, expected) => {
    expect(problemsOf(env)).toMatch(expected)
  })

  it('lists a channel\'s problem with the others', () => {
    const message = problemsOf({ PORT: 'abc', TWILIO_MAX_SEGMENTS: '0', TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 't', TWILIO_SMS_FROM: '+33757000000' })
    expect(message).toBe('PORT must be a whole number from 0 to 65535 (got "abc"); TWILIO_MAX_SEGMENTS must be a whole number from 1 to 10 (got "0")')
  })
})
