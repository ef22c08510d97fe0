// Child process of the bench: the real app on a fresh SQLite file, listening on 127.0.0.1.
// It records when each inbound message's turn committed its reply to the outbox, and reports
// these times and the final counts to the parent over IPC.
import { loadConfig } from '../../src/config.ts'
import { applyMigrations } from '../../src/db/schema-engine.ts'
import { buildApp } from '../../src/app.ts'
import { seedDemoTown } from '../../src/town/demo-town.ts'
import { nowMs } from './clock.ts'

const send = (message: unknown) => process.send!(message)

async function main (): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL!
  await applyMigrations(databaseUrl)
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', PORT: '0', SEED_DEMO: 'true' })
  const built = await buildApp(config)
  await seedDemoTown(built.database.db)
  const { core } = built

  // scheduleTurn resolves once the turn's transaction (replies in the outbox) has committed.
  const replied: [number, number][] = []
  const schedule = core.scheduleTurn.bind(core)
  core.scheduleTurn = (conversationId, messageId) => schedule(conversationId, messageId).then(() => { replied.push([messageId, nowMs()]) })

  const address = await built.app.listen({ port: 0, host: '127.0.0.1' })
  await built.start()
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'drain') {
      await core.idle()
      const { db } = built.database
      const [inbound, processed, outbound, outboxPending] = await Promise.all([
        db.message.count({ where: { direction: 'inbound' } }),
        db.message.count({ where: { direction: 'inbound', processedAt: { not: null } } }),
        db.message.count({ where: { direction: 'outbound' } }),
        db.outboxItem.count({ where: { status: 'pending' } }),
      ])
      send({ type: 'drained', replied: replied.splice(0), inbound, processed, outbound, outboxPending })
    } else if (message.type === 'stop') {
      await built.close()
      process.exit(0)
    }
  })
  send({ type: 'ready', url: address })
}

main().catch((error) => { console.error(error); process.exit(1) })
