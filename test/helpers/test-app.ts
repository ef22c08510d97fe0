// buildTestApp(): the real app on a real database (SQLite by default, PostgreSQL on request),
// with the demo town seeded, listening on a free loopback port when asked.
import { loadConfig, type Config } from '../../src/config.ts'
import { buildApp, type App, type BuildOptions } from '../../src/app.ts'
import { agentChannelModules, channelModules } from '../../channels/index.ts'
import { openDatabase } from '../../src/db/client.ts'
import { seedDemoTown } from '../../src/town/demo-town.ts'
import { storeOf } from '../../src/db/transaction.ts'
import { freshPostgresUrl, freshSqliteUrl } from './databases.ts'

export type TestApp = App & { url: string, stopAll: () => Promise<void> }

export type TestAppOptions = Omit<BuildOptions, 'database'> & {
  /** The channels' environment (TWILIO_*, IMAP_*…), read with the rest by loadConfig; never process.env. */
  env?: Record<string, string>
  db?: 'sqlite' | 'postgresql'
  /** Reuse a database URL (restart tests). */
  databaseUrl?: string
  /** Extra environment variables for loadConfig. */
  configEnv?: Record<string, string>
  listen?: boolean
  seed?: boolean
  start?: boolean
}

export async function buildTestApp (options: TestAppOptions = {}): Promise<TestApp> {
  let removeDb = async () => {}
  let databaseUrl = options.databaseUrl
  if (!databaseUrl) {
    if (options.db === 'postgresql') {
      const pgDb = await freshPostgresUrl()
      databaseUrl = pgDb.url
      removeDb = pgDb.remove
    } else {
      const file = freshSqliteUrl()
      databaseUrl = file.url
      removeDb = async () => file.remove()
    }
  }
  const channels = [...options.channels ?? channelModules, ...options.agentChannels ?? agentChannelModules]
  const config: Config = loadConfig({ LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '50', OUTBOX_BASE_DELAY_MS: '20', OUTBOX_MAX_DELAY_MS: '200', DATABASE_URL: databaseUrl, PORT: '0', ...options.env, ...options.configEnv }, channels)
  const database = await openDatabase(databaseUrl)
  if (options.seed !== false) await seedDemoTown(storeOf(database.db), config.timeZone)
  const built = await buildApp(config, { ...options, database })
  let url = ''
  if (options.listen) {
    url = await built.app.listen({ port: 0, host: '127.0.0.1' })
  } else {
    await built.app.ready()
  }
  if (options.start !== false) await built.start()
  return Object.assign(built, {
    url,
    async stopAll () {
      await built.close()
      await database.close()
      await removeDb()
    },
  })
}

/** Polls until `check` returns a truthy value (background turns and the outbox are asynchronous). */
export async function waitFor<T> (check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
