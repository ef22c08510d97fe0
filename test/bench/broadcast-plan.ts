// Issue 20's plan time alone: a broadcast to N subscribers planned into the outbox, with no other
// load and the outbox not started (nothing is sent), on a fresh SQLite file or on an empty
// PostgreSQL database given by URL (created by the caller, migrated here).
//   npm run build && node dist/test/bench/broadcast-plan.js [--database postgresql://…] [--subscribers 50000] [--rounds 1]
// (compiled, as npm start runs the app: under tsx the planner thread spends seconds loading its modules)
// Prints, per round, the wall time of the preview part (create: reading and sorting the audience)
// and of the plan (rows written), and the CPU of the process and of its main thread (the event
// loop) over both, which a loaded machine inflates less than wall time.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../src/config.ts'
import { applyMigrationsApart } from '../../src/db/migrate-apart.ts'
import { buildApp } from '../../src/app.ts'
import { seedDemoTown } from '../../src/town/demo-town.ts'
import { storeOf } from '../../src/db/transaction.ts'
import { seedSubscribers } from './subscribers.ts'

const { values } = parseArgs({ options: { database: { type: 'string' }, subscribers: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '1' } } })

/** CPU (ms) of each of the process's threads, by thread id, with the thread's name. */
function threadCpu (): Map<string, { name: string, ms: number }> {
  const threads = new Map<string, { name: string, ms: number }>()
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const fields = stat.split(') ')[1].split(' ')
      threads.set(tid, { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: (Number(fields[11]) + Number(fields[12])) * 10 })
    } catch { /* the thread ended */ }
  }
  return threads
}

function mainThreadCpuMs (): number {
  const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-plan-'))
const databaseUrl = values.database ?? `file:${path.join(dir, 'plan.db')}`
await applyMigrationsApart(databaseUrl)
const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PORT: '0', SEED_DEMO: 'true' })
const built = await buildApp(config)
const store = storeOf(built.database.db)
await seedDemoTown(store)
const n = Number(values.subscribers)
await seedSubscribers(built.database.db, n)
console.log(`broadcast plan of ${n} subscribers on ${databaseUrl.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}, ${os.cpus().length} CPUs, load ${os.loadavg().map(l => l.toFixed(1)).join(' ')}`)
for (let round = 0; round < Number(values.rounds); round++) {
  const cpu = process.cpuUsage()
  const before = threadCpu()
  // Threads that end during the plan (the planner's) are read until they do.
  const seen = new Map(before)
  const sampler = setInterval(() => { for (const [tid, t] of threadCpu()) seen.set(tid, t) }, 50)
  const main = mainThreadCpuMs()
  const started = performance.now()
  const created = await built.broadcaster.create({ kind: 'alert', topic: 'roadworks', text: { fr: 'Travaux rue Nationale', en: 'Roadworks' }, urgent: true })
  const audienceMs = performance.now() - started
  await built.broadcaster.idle()
  const planMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  clearInterval(sampler)
  const after = seen
  for (const [tid, t] of threadCpu()) after.set(tid, t)
  const byName = new Map<string, number>()
  for (const [tid, t] of after) {
    // Threads born during the plan: the planner's (worker threads are all named "node").
    const name = tid === String(process.pid) ? 'main' : before.has(tid) ? t.name : 'new threads'
    byName.set(name, (byName.get(name) ?? 0) + t.ms - (before.get(tid)?.ms ?? 0))
  }
  const rows = await built.database.db.outboxItem.count({ where: { broadcastId: created.id } })
  console.log(`  round ${round + 1}: ${rows} rows in ${(planMs / 1000).toFixed(2)} s (audience ${(audienceMs / 1000).toFixed(2)} s), process CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, main thread ${mainThreadCpuMs() - main} ms, load ${os.loadavg()[0].toFixed(1)}`)
  console.log(`    threads (CPU ms; an ended thread's last 50 ms may be missing): ${[...byName].filter(([, ms]) => ms > 0).map(([name, ms]) => `${name} ${ms}`).join(', ')}`)
}
await built.close()
fs.rmSync(dir, { recursive: true, force: true })
process.exit(0)
