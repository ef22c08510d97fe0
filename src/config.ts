// The environment, parsed once at start into a frozen, typed Config, channels included: a wrong
// setting stops the start with one line naming it, before anything touches the database. No other
// file of src/ reads process.env; each channel checks its own slice in channels/<name>/config.ts,
// called from here through the channel list (channels/index.ts).
import { ConfigError } from './errors.ts'
import { agentChannelModules, channelModules } from '../channels/index.ts'
import { DEFAULT_DATABASE_URL, providerOf } from './db/provider.ts'
import { parseBbox, BBOX_TEXT, type BoundingBox } from './domain.ts'

/** The commune's extent in WGS 84 degrees (TOWN_BBOX=minLon,minLat,maxLon,maxLat). */
export type { BoundingBox } from './domain.ts'

export type Config = Readonly<{
  port: number
  host: string
  databaseUrl: string
  publicUrl: string
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  adminEmail?: string
  adminPassword?: string
  ticketPrefix: string
  townName: string
  timeZone: string
  /** Public holidays of the town: 'fr', or 'fr-alsace-moselle' (adds Good Friday and 26 December). */
  holidays: 'fr' | 'fr-alsace-moselle'
  privacyUrl: string
  bookingUrl?: string
  /** The town's events as an iCalendar feed, polled every eventsIcsPollMinutes. */
  eventsIcsUrl?: string
  eventsIcsPollMinutes: number
  /** SMS notifications that would leave between these hours wait for the morning. */
  quietHours: Readonly<{ start: number, end: number }>
  outbox: Readonly<{ maxAttempts: number, baseDelayMs: number, maxDelayMs: number, pollMs: number }>
  /** Broadcasts' pace per sender, in messages per second (issue 20): Twilio's per-sender limit, the SMTP relay's, the chats'. */
  broadcastPace: Readonly<{ twilio: number, email: number, chat: number }>
  /** Signs the one-click unsubscribe links (ALERTS_SECRET); unset: a secret generated once and kept in the database. */
  alertsSecret?: string
  seedDemo: boolean
  /** Conversations idle for longer are emptied of personal content (RGPD storage limitation). */
  retentionMonths: number
  /** The reverse proxies whose X-Forwarded-* headers are believed (TRUST_PROXY); false: none. */
  trustProxy: false | readonly string[]
  /** Addresses the rate limits never count (RATE_LIMIT_ALLOW: monitoring, the bench). */
  rateLimitAllow: readonly string[]
  /** Working minutes a citizen may wait for a person before the inbox shows the conversation as overdue (issue 18). */
  inboxOverdueMinutes: number
  /** Rows the managers' CSV export reads and writes at a time: its memory does not grow with the export (issue 19). */
  searchExportPageSize: number
  /**
   * Open311 POSTs with coordinates outside the commune's box get a 400. TOWN_BBOX overrides the town
   * file's `settings.bbox`; undefined: the town file's (none there: no check); 'off' (TOWN_BBOX=off): no check.
   */
  townBbox?: BoundingBox | 'off'
  /**
   * Each channel's checked settings by channel name (its module's readSettings); undefined: the
   * channel is off (every variable unset). buildApp creates the adapters from these.
   */
  channels: Readonly<Record<string, unknown>>
}>

/** What loadConfig needs of a channel module (ChannelModule, AgentChannelModule). */
export type ChannelSettingsReader = { name: string, readSettings (env: NodeJS.ProcessEnv): unknown }

const DEFAULTS = {
  PORT: '3000', // CONTRACT.md
  HOST: '127.0.0.1', // CONTRACT.md
  LOG_LEVEL: 'info', // CONTRACT.md
  TICKET_PREFIX: 'DEM', // CONTRACT.md
  TOWN_NAME: 'Belleville-sur-Loire', // the commune's name, as in « la mairie de Belleville-sur-Loire »
  TOWN_TIMEZONE: 'Europe/Paris',
  TOWN_HOLIDAYS: 'fr', // CONTRACT.md: fr | fr-alsace-moselle
  TOWN_EVENTS_ICS_POLL_MINUTES: '15',
  QUIET_HOURS: '22-8',
  OUTBOX_MAX_ATTEMPTS: '6',
  OUTBOX_BASE_DELAY_MS: '1000',
  OUTBOX_MAX_DELAY_MS: '600000',
  OUTBOX_POLL_MS: '500',
  BROADCAST_TWILIO_MPS: '10', // messages per second per Twilio sender (a French long code or alphanumeric sender id)
  BROADCAST_EMAIL_PER_SECOND: '10',
  BROADCAST_CHAT_PER_SECOND: '100',
  SEED_DEMO: 'true',
  RETENTION_MONTHS: '12',
  INBOX_OVERDUE_MINUTES: '60', // working minutes; issue 18
  SEARCH_EXPORT_PAGE_SIZE: '1000', // rows; issue 19
  TOWN_BBOX: '', // empty: the town file's settings.bbox (the demo town's extent in the demo town file)
} as const

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** `channels`: the channel modules whose settings to read; every one of the registry (citizens' and agents') unless a test passes its own. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env, channels: readonly ChannelSettingsReader[] = [...channelModules, ...agentChannelModules]): Config {
  const problems: string[] = []
  const get = (name: keyof typeof DEFAULTS) => (env[name] === undefined || env[name] === '' ? DEFAULTS[name] : env[name]!)
  const int = (name: keyof typeof DEFAULTS, min: number, max: number): number => {
    const raw = get(name)
    const value = Number(raw)
    if (!/^\d+$/.test(raw) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`)
    return value
  }

  const port = int('PORT', 0, 65535)
  const host = get('HOST')
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL
  try { providerOf(databaseUrl) } catch (error) { problems.push((error as Error).message) }

  const publicUrl = (env.PUBLIC_URL || `http://${host}:${port}`).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) problems.push(`PUBLIC_URL must be an http(s) URL (got "${publicUrl}")`)

  const logLevel = get('LOG_LEVEL') as Config['logLevel']
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`)

  const adminEmail = env.ADMIN_EMAIL || undefined
  const adminPassword = env.ADMIN_PASSWORD || undefined
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) problems.push('ADMIN_EMAIL must be an email address')
  if (adminPassword !== undefined && adminPassword.length < 8) problems.push('ADMIN_PASSWORD must have at least 8 characters')

  const ticketPrefix = get('TICKET_PREFIX')
  if (!/^[A-Z]{2,8}$/.test(ticketPrefix)) problems.push(`TICKET_PREFIX must be 2 to 8 capital letters (got "${ticketPrefix}")`)

  const timeZone = get('TOWN_TIMEZONE')
  try { new Intl.DateTimeFormat('fr-FR', { timeZone }) } catch { problems.push(`TOWN_TIMEZONE must be an IANA time zone such as Europe/Paris (got "${timeZone}")`) }

  const holidays = get('TOWN_HOLIDAYS') as Config['holidays']
  if (holidays !== 'fr' && holidays !== 'fr-alsace-moselle') problems.push(`TOWN_HOLIDAYS must be fr or fr-alsace-moselle (got "${holidays}")`)

  const quietRaw = get('QUIET_HOURS')
  const quiet = /^(\d{1,2})-(\d{1,2})$/.exec(quietRaw)
  const quietHours = quiet ? { start: Number(quiet[1]), end: Number(quiet[2]) } : { start: 22, end: 8 }
  if (!quiet || quietHours.start > 24 || quietHours.end > 24) problems.push(`QUIET_HOURS must look like 22-8 (got "${quietRaw}")`)

  const outbox = {
    maxAttempts: int('OUTBOX_MAX_ATTEMPTS', 1, 50),
    baseDelayMs: int('OUTBOX_BASE_DELAY_MS', 1, 3_600_000),
    maxDelayMs: int('OUTBOX_MAX_DELAY_MS', 1, 86_400_000),
    pollMs: int('OUTBOX_POLL_MS', 10, 60_000),
  }
  const broadcastPace = {
    twilio: int('BROADCAST_TWILIO_MPS', 1, 1000),
    email: int('BROADCAST_EMAIL_PER_SECOND', 1, 1000),
    chat: int('BROADCAST_CHAT_PER_SECOND', 1, 10_000),
  }
  if (env.ALERTS_SECRET && env.ALERTS_SECRET.length < 16) problems.push('ALERTS_SECRET must have at least 16 characters')
  const retentionMonths = int('RETENTION_MONTHS', 1, 120)
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems)
  const eventsIcsUrl = env.TOWN_EVENTS_ICS_URL || undefined
  if (eventsIcsUrl && !/^(https?|webcal):\/\/\S+$/.test(eventsIcsUrl)) problems.push(`TOWN_EVENTS_ICS_URL must be an http(s) URL (got "${eventsIcsUrl}")`)
  const eventsIcsPollMinutes = int('TOWN_EVENTS_ICS_POLL_MINUTES', 1, 1440)
  const inboxOverdueMinutes = int('INBOX_OVERDUE_MINUTES', 1, 100_000)
  const searchExportPageSize = int('SEARCH_EXPORT_PAGE_SIZE', 1, 100_000)
  const seedRaw = get('SEED_DEMO')
  if (seedRaw !== 'true' && seedRaw !== 'false') problems.push(`SEED_DEMO must be true or false (got "${seedRaw}")`)

  const townBbox = readBbox(get('TOWN_BBOX'), problems)
  const channelSettings = readChannelSettings(env, channels, problems)

  if (problems.length) throw new ConfigError(problems.join('; '))
  return Object.freeze({
    port,
    host,
    databaseUrl,
    publicUrl,
    logLevel,
    adminEmail,
    adminPassword,
    ticketPrefix,
    townName: get('TOWN_NAME'),
    timeZone,
    holidays,
    privacyUrl: env.PRIVACY_URL || `${publicUrl}/privacy`,
    bookingUrl: env.BOOKING_URL || undefined,
    eventsIcsUrl,
    eventsIcsPollMinutes,
    quietHours: Object.freeze(quietHours),
    outbox: Object.freeze(outbox),
    broadcastPace: Object.freeze(broadcastPace),
    alertsSecret: env.ALERTS_SECRET || undefined,
    seedDemo: seedRaw === 'true',
    retentionMonths,
    trustProxy,
    rateLimitAllow: Object.freeze((env.RATE_LIMIT_ALLOW ?? '').split(',').map(s => s.trim()).filter(Boolean)),
    inboxOverdueMinutes,
    searchExportPageSize,
    townBbox,
    channels: Object.freeze(channelSettings),
  })
}

function readChannelSettings (env: NodeJS.ProcessEnv, channels: readonly ChannelSettingsReader[], problems: string[]): Record<string, unknown> {
  const settings: Record<string, unknown> = {}
  for (const channel of channels) {
    try {
      settings[channel.name] = channel.readSettings(env)
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      problems.push(error.message)
    }
  }
  return settings
}

// Issue 19: `true` would believe any X-Forwarded-For, so that anyone could pick the address the
// login throttle and the rate limits count. Only named proxies (addresses, CIDR ranges, or
// proxy-addr's names loopback, linklocal, uniquelocal) are believed.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])
function parseTrustProxy (raw: string | undefined, problems: string[]): false | readonly string[] {
  if (!raw || raw === 'false') return false
  const entries = raw.split(',').map(s => s.trim()).filter(Boolean)
  const bad = entries.filter(e => !PROXY_NAMES.has(e) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e))
  if (!entries.length || bad.length) {
    problems.push(`TRUST_PROXY must be false or a comma-separated list of proxy addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8 (got "${raw}")`)
    return false
  }
  return Object.freeze(entries)
}

function readBbox (raw: string, problems: string[]): BoundingBox | 'off' | undefined {
  if (raw === '') return undefined
  if (raw === 'off') return 'off'
  const box = parseBbox(raw)
  if (!box) problems.push(`TOWN_BBOX must be ${BBOX_TEXT}, or off (got "${raw}")`)
  return box
}
