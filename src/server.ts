// npm start: the only file that listens. Migrate, seed the demo town once, serve, say what is on.
import { loadConfig } from './config.ts'
import { ConfigError } from './errors.ts'
import { applyMigrations } from './db/schema-engine.ts'
import { buildApp } from './app.ts'
import { seedDemoTown } from './town/demo-town.ts'
import { ensureAdmin } from './auth/bootstrap-admin.ts'

async function main (): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  const applied = await applyMigrations(config.databaseUrl)
  const built = await buildApp(config)
  const { app, database } = built
  if (applied.length) app.log.info({ applied }, 'database migrations applied')
  if (config.seedDemo && await seedDemoTown(database.db, config.timeZone)) app.log.info('demo town seeded')
  if (config.adminEmail && config.adminPassword) {
    app.log.info(`administrator ${await ensureAdmin(database.db, config.adminEmail, config.adminPassword)}`)
  }
  await app.listen({ port: config.port, host: config.host })
  await built.start()
  const base = config.publicUrl
  console.log(`Citizen chat: ${base}/chat`)
  console.log(`Agents' inbox: ${base}/inbox`)
  for (const { name, on } of built.channelStatus) console.log(`channel ${name}: ${on ? 'on' : 'off (settings absent)'}`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'stopping')
    await built.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error) => {
  // Channels read their own settings in buildApp(): their ConfigError is one line too (CONTRACT.md).
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error)
  process.exit(1)
})
