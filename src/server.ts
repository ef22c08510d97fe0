// npm start: the only file that listens. Migrate, seed the demo town once, serve, say what is on.
import type { FastifyBaseLogger } from 'fastify'
import { loadConfig } from './config.ts'
import { ConfigError } from './errors.ts'
import { applyMigrationsApart } from './db/migrate-apart.ts'
import { buildApp } from './app.ts'
import { seedDemoTown } from './town/demo-town.ts'
import { ensureAdmin } from './auth/bootstrap-admin.ts'
import { storeOf } from './db/transaction.ts'

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
  const applied = await applyMigrationsApart(config.databaseUrl)
  const built = await buildApp(config)
  const { app, database } = built
  if (applied.length) app.log.info({ applied }, 'database migrations applied')
  if (config.seedDemo && await seedDemoTown(storeOf(database.db), config.timeZone)) app.log.info('demo town seeded')
  if (config.adminEmail && config.adminPassword) {
    app.log.info(`administrator ${await ensureAdmin(storeOf(database.db), config.adminEmail, config.adminPassword)}`)
  }
  await app.listen({ port: config.port, host: config.host })
  await built.start()
  announce(built.app.log, config.publicUrl, built.channelStatus)

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

// Standard output is the JSON log (issue 19): what the start says goes there as log lines, and
// a plain banner is added only for a person at a terminal.
function announce (log: FastifyBaseLogger, base: string, channels: { name: string, on: boolean }[]): void {
  const urls = { chat: `${base}/chat`, inbox: `${base}/inbox` }
  log.info({ urls }, `ready: citizen chat ${urls.chat}, agents' inbox ${urls.inbox}`)
  for (const { name, on } of channels) log.info({ channel: name, on }, `channel ${name}: ${on ? 'on' : 'off (settings absent)'}`)
  if (process.stdout.isTTY) {
    const lines = [`Citizen chat:  ${urls.chat}`, `Agents' inbox: ${urls.inbox}`, `Channels: ${channels.map(c => `${c.name} ${c.on ? 'on' : 'off'}`).join(', ')}`]
    process.stdout.write(`\n${lines.join('\n')}\n\n`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
