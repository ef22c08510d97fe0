// npm run bench:dashboard: the managers' dashboard over a year of a town's figures (issue 18).
// 1 M messages a year ≈ 150,000 conversations: each opened, 1.5 intents on average, one in eight
// handed to a person (with a first response), 30,000 tickets opened and resolved, satisfaction
// answers. The dashboard reads only MetricEvent and open tickets, so those are what is generated.
// Usage: tsx test/bench/dashboard.ts [--conversations N] [DATABASE_URL of an empty database]
import { performance } from 'node:perf_hooks'
import { applyMigrations } from '../../src/db/schema-engine.ts'
import { openDatabase } from '../../src/db/client.ts'
import { insertRows } from '../../src/db/bulk-write.ts'
import { transaction } from '../../src/db/sql.ts'
import { dashboardFigures } from '../../src/inbox/dashboard/figures.ts'
import { drillDown } from '../../src/inbox/dashboard/drill-down.ts'
import { townDay } from '../../src/metrics/metric-events.ts'
import { storeOf } from '../../src/db/transaction.ts'
import os from 'node:os'
import path from 'node:path'

const args = process.argv.slice(2)
const flag = args.indexOf('--conversations')
const CONVERSATIONS = flag >= 0 ? Number(args[flag + 1]) : 150_000
const url = args.find(a => /^(file:|postgresql:)/.test(a)) ?? `file:${path.join(os.tmpdir(), `dashboard-bench-${process.pid}.db`)}`
const CHANNELS = ['webchat', 'webchat', 'twilio', 'twilio', 'email', 'botframework']
const INTENTS = ['opening_hours', 'waste_collection', 'report_issue', 'identity_documents', 'civil_status_certificate', 'events_agenda', 'canteen_menu', 'talk_to_agent']
const SERVICES = ['voirie', 'eclairage', 'proprete', 'espaces_verts', 'etat_civil', 'urbanisme']
const YEAR_MS = 365 * 86_400_000
const end = Date.now()

function* events () {
  let seed = 42
  const random = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31 }
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
  for (let i = 0; i < CONVERSATIONS; i++) {
    const at = new Date(end - random() * YEAR_MS)
    const base = { day: townDay(at), channel: pick(CHANNELS), conversationId: `c${i}` }
    yield { ...base, type: 'conversation_opened', at }
    yield { ...base, type: 'intent', at, label: pick(INTENTS) }
    if (random() < 0.5) yield { ...base, type: 'intent', at, label: pick(INTENTS) }
    if (random() < 0.125) {
      yield { ...base, type: 'handoff', at, label: random() < 0.7 ? 'asked_for_agent' : 'misunderstood' }
      const seconds = Math.round(random() * 7200)
      yield { ...base, type: 'first_response', at: new Date(at.getTime() + seconds * 1000), seconds, workSeconds: Math.round(seconds * 0.6), serviceCode: pick(SERVICES) }
    }
    if (random() < 0.2) {
      const serviceCode = pick(SERVICES)
      yield { ...base, type: 'ticket_opened', at, serviceCode, ticketId: `t${i}` }
      const seconds = Math.round(random() * 20 * 86_400)
      yield { ...base, type: 'ticket_resolved', at: new Date(at.getTime() + seconds * 1000), seconds, workSeconds: Math.round(seconds * 0.25), serviceCode, ticketId: `t${i}` }
      if (random() < 0.3) yield { ...base, type: 'satisfaction', at, serviceCode, ticketId: `t${i}`, value: 1 + Math.floor(random() * 5) }
    }
  }
}

async function time<T> (label: string, run: () => Promise<T>, repeat = 5): Promise<T> {
  await run() // warm caches, as a manager's second look would
  const samples: number[] = []
  let result!: T
  for (let i = 0; i < repeat; i++) {
    const started = performance.now()
    result = await run()
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  console.log(`${label}: median ${samples[repeat >> 1].toFixed(1)} ms, max ${samples[repeat - 1].toFixed(1)} ms`)
  return result
}

await applyMigrations(url)
const { db, close } = await openDatabase(url)
let batch: Record<string, unknown>[] = []
let total = await db.metricEvent.count()
const started = performance.now()
// A database already filled by an earlier run is measured as it is.
for (const event of total ? [] : events()) {
  batch.push(event)
  if (batch.length === 5000) { const rows = batch; await transaction(db, sql => insertRows(sql, 'MetricEvent', rows as never)); total += rows.length; batch = [] }
}
if (batch.length) await transaction(db, sql => insertRows(sql, 'MetricEvent', batch as never))
total += batch.length
// Fresh rows: let PostgreSQL's planner see them (autovacuum would, a little later).
if (url.startsWith('postgresql:')) await db.$executeRawUnsafe('ANALYZE "MetricEvent"')
console.log(`${total} metric events (${CONVERSATIONS} conversations) ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${url.split(':')[0]})`)

const today = townDay(new Date(end))
const days = (n: number) => ({ from: townDay(new Date(end - (n - 1) * 86_400_000)), to: today })
// The first read rolls up every closed day not rolled up yet (once; src/inbox/dashboard/daily-rollup.ts).
const rolling = performance.now()
await dashboardFigures(storeOf(db), days(365))
console.log(`first read of the year, rolling up the days not rolled up yet: ${(performance.now() - rolling).toFixed(0)} ms`)
await time('dashboard, 7 days', () => dashboardFigures(storeOf(db), days(7)))
await time('dashboard, 30 days', () => dashboardFigures(storeOf(db), days(30)))
const year = await time('dashboard, 365 days', () => dashboardFigures(storeOf(db), days(365)))
console.log(`  (a year: ${year.conversationsOpened} conversations, ${year.firstResponse.count} first responses)`)
await time('drill-down, handoffs of 30 days', () => drillDown(storeOf(db), days(30), { type: 'handoff', label: 'asked_for_agent' }))
await close()
process.exit(0)
