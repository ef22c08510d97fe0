// The real app for dialogs:eval, outside vitest: a fresh SQLite file, migrated, with the demo town.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../src/config.ts'
import { buildApp, type App } from '../../src/app.ts'
import { applyMigrations } from '../../src/db/schema-engine.ts'
import { seedDemoTown } from '../../src/town/demo-town.ts'
import { storeOf } from '../../src/db/transaction.ts'

export type StoryApp = Pick<App, 'app' | 'core' | 'database'> & { stopAll: () => Promise<void> }

export async function startStoryApp (): Promise<StoryApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialogs-eval-'))
  const databaseUrl = `file:${path.join(dir, 'stories.db')}`
  await applyMigrations(databaseUrl)
  // Every story is a new citizen from the same loopback address: the rate limits would stop the
  // 61st chat session in a minute, as they would a real flood, so loopback is exempt as for the bench.
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PORT: '0', OUTBOX_POLL_MS: '50', RATE_LIMIT_ALLOW: '127.0.0.1,::1,::ffff:127.0.0.1' })
  const built = await buildApp(config)
  await seedDemoTown(storeOf(built.database.db))
  await built.app.ready()
  await built.start()
  return {
    ...built,
    async stopAll () {
      await built.close()
      await built.database.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
