// Child process of the bench: the real app on a fresh SQLite file, listening on 127.0.0.1, with
// the channels its environment turns on (the channel benches pass Twilio, email or Bot Framework
// settings; BENCH_PUBLIC_URL is the URL Twilio signs). It records when each inbound message's
// turn committed its reply to the outbox, and reports these times and the final counts to the
// parent over IPC.
import fs from 'node:fs'
import { loadConfig } from '../../src/config.ts'
import { applyMigrationsApart } from '../../src/db/migrate-apart.ts'
import { buildApp } from '../../src/app.ts'
import { seedDemoTown } from '../../src/town/demo-town.ts'
import { storeOf } from '../../src/db/transaction.ts'
import { nowMs } from './clock.ts'
import { seedSubscribers } from './subscribers.ts'

const send = (message: unknown) => process.send!(message)

// CPU of the main thread alone (the event loop, which answers the conversations), from Linux's
// per-thread counters: process.cpuUsage() also counts worker threads (the broadcast planner, the
// WAL checkpointer). Clock ticks of 10 ms; NaN where /proc is missing.
function mainThreadCpuMs (): number {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch { return Number.NaN }
}

async function main (): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL!
  // As npm start does: the schema engine's memory is the worker's, not the app's.
  await applyMigrationsApart(databaseUrl)
  // The channel benches turn their channel on through the environment (IMAP_HOST, TWILIO_…).
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', PORT: '0', SEED_DEMO: 'true', RATE_LIMIT_ALLOW: '127.0.0.1,::1,::ffff:127.0.0.1', ...(process.env.BENCH_PUBLIC_URL ? { PUBLIC_URL: process.env.BENCH_PUBLIC_URL } : {}) })
  const built = await buildApp(config)
  await seedDemoTown(storeOf(built.database.db))
  const { core } = built

  // 'stored' is emitted once a message's transaction has committed; 'turns' once a batch of
  // turns (replies in the outbox) has.
  const stored = new Map<number, number>()
  const replied: [number, number][] = []
  core.live.on('stored', ({ messageId }) => { stored.set(messageId, nowMs()) })
  core.live.on('turns', ({ messageIds }) => { const at = nowMs(); for (const id of messageIds) replied.push([id, at]) })

  const address = await built.app.listen({ port: 0, host: '127.0.0.1' })
  // When the channels start: the email bench's mails are waiting in the mailbox from then on.
  const startedAt = nowMs()
  await built.start()
  let cpuMark = process.cpuUsage()
  // The app's resident memory, sampled through each phase (issue 19: under 300 MB under load).
  let peakRss = process.memoryUsage.rss()
  setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()) }, 100).unref()
  let mainMark = mainThreadCpuMs()
  // The bench counts its own messages: those after the last one already there (a filled
  // database, --database). Those up to drainedUpTo were read by a previous drain, and
  // answeredTotal counts their answers.
  const benchFrom = { id: { gt: (await built.database.db.message.aggregate({ _max: { id: true } }))._max.id ?? 0 } }
  let drainedUpTo = benchFrom.id.gt
  let answeredTotal = 0
  let planned: Promise<{ recipients: number, planMs: number }> = Promise.resolve({ recipients: 0, planMs: 0 })
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'drain') {
      await core.idle()
      const { db } = built.database
      // The outbox sends the last replies too, so that the next phase's CPU figure is its own.
      // (A broadcast's rows leave at their own pace: they are not the replies waited for here.)
      for (let i = 0; i < 600 && await db.outboxItem.count({ where: { status: 'pending', broadcastId: null } }); i++) await new Promise(resolve => setTimeout(resolve, 50))
      // Only the messages written since the previous drain are looked at (ids grow), and the
      // database does the counting and the pairing: the bench's accounting must not weigh on the
      // app's memory it reports. (Reading every message at each drain took hundreds of MB on a
      // filled database; reading a phase's 60,000 messages as Prisma rows still grew the heap by
      // 30 MB, and the next phase's peak, which starts from the RSS after the drain, reported it.)
      // The phase's own CPU and memory, taken before the counting below.
      const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuMark))
      const mainCpuMs = mainThreadCpuMs() - mainMark
      const peakRssMb = Math.round(Math.max(peakRss, process.memoryUsage.rss()) / 1048576)
      // An inbound message is answered when a reply (not a broadcast's copy) was written in its
      // conversation by the turn that marked it processed: a turn stamps both with the same time.
      // (A turn with two replies pairs twice: the Set below keeps one.)
      const [answeredRows, [{ top }], inboundTotal, processedTotal, outboundTotal, outboxPending, heldByAgent] = await Promise.all([
        db.$queryRaw<{ id: number | bigint }[]>`SELECT m."id" FROM "Message" m JOIN (
            SELECT r."conversationId", r."createdAt" FROM "Message" r
            WHERE r."id" > ${drainedUpTo} AND r."direction" = 'outbound' AND EXISTS (SELECT 1 FROM "OutboxItem" o WHERE o."messageId" = r."id" AND o."broadcastId" IS NULL)) turn ON turn."conversationId" = m."conversationId" AND turn."createdAt" = m."processedAt"
          WHERE m."id" > ${drainedUpTo} AND m."direction" = 'inbound'`,
        db.$queryRaw<{ top: number | bigint | null }[]>`SELECT max("id") AS "top" FROM "Message"`,
        db.message.count({ where: { direction: 'inbound', ...benchFrom } }),
        db.message.count({ where: { direction: 'inbound', processedAt: { not: null }, ...benchFrom } }),
        db.message.count({ where: { direction: 'outbound', outbox: { broadcastId: null }, ...benchFrom } }),
        db.outboxItem.count({ where: { status: 'pending', broadcastId: null } }),
        db.conversation.count({ where: { holder: 'agent' } }),
      ])
      // The drain waited for every turn, so each message counted here has its replies already.
      if (top !== null) drainedUpTo = Math.max(drainedUpTo, Number(top))
      const answeredIds = new Set(answeredRows.map(row => Number(row.id)))
      answeredTotal += answeredIds.size
      send({
        type: 'drained',
        // [message id, reply committed at, message stored at]
        replied: replied.splice(0).filter(([id]) => answeredIds.has(id)).map(([id, at]) => [id, at, stored.get(id) ?? Number.NaN]),
        inbound: inboundTotal,
        processed: processedTotal,
        answered: answeredTotal,
        outbound: outboundTotal,
        outboxPending,
        heldByAgent,
        // CPU the app used since the previous drain (user + system, ms): what one message costs.
        cpuMs,
        peakRssMb,
        mainCpuMs,
      })
      cpuMark = process.cpuUsage()
      peakRss = process.memoryUsage.rss()
      mainMark = mainThreadCpuMs()
      stored.clear()
    } else if (message.type === 'count') {
      // The email bench: how many mails the watcher has stored, and how many of them were handled.
      const { db } = built.database
      const [inbound, processed] = await Promise.all([db.message.count({ where: { direction: 'inbound' } }), db.message.count({ where: { direction: 'inbound', processedAt: { not: null } } })])
      send({ type: 'counted', inbound, processed })
    } else if (message.type === 'seed-subscribers') {
      // --during-broadcast (issue 20): subscribers first, outside any measured phase.
      await seedSubscribers(built.database.db, Number(process.env.BENCH_SUBSCRIBERS ?? 50_000))
      send({ type: 'seeded' })
    } else if (message.type === 'broadcast') {
      const started = nowMs()
      const created = await built.broadcaster.create({ kind: 'alert', topic: 'roadworks', text: { fr: 'Travaux rue Nationale', en: 'Roadworks' }, urgent: true })
      planned = built.broadcaster.idle().then(() => ({ recipients: Object.values(created.recipients).reduce((a, b) => a + b, 0), planMs: nowMs() - started }))
      send({ type: 'broadcast-started' })
    } else if (message.type === 'broadcast-status') {
      send({ type: 'broadcast-status', ...(await planned) })
    } else if (message.type === 'stop') {
      await built.close()
      process.exit(0)
    }
  })
  // Memory once started, before any load (the demo town seeded, migrations' worker gone).
  send({ type: 'ready', url: address, startedAt, startRssMb: Math.round(process.memoryUsage.rss() / 1048576) })
}

main().catch((error) => { console.error(error); process.exit(1) })
