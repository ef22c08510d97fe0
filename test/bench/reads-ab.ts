// The dashboard and the inbox list as computed by another checkout (before a change) and by this
// one, alternately, on one database; checks both return the same rows, then prints wall time and
// this process's CPU per call (SQLite runs in-process; on PostgreSQL that is Prisma's and our work).
// Usage: tsx test/bench/reads-ab.ts <other checkout, with node_modules and db:generate> <DATABASE_URL> [rounds] [case prefix]
// Fill the database first: npm run seed:large, then npm run bench:dashboard -- <DATABASE_URL>.
import { performance } from 'node:perf_hooks'
import path from 'node:path'

const [otherRoot, url, roundsArg, only] = process.argv.slice(2)
if (!otherRoot || !url) throw new Error('usage: tsx test/bench/reads-ab.ts <other checkout> <DATABASE_URL> [rounds] [case prefix]')
const rounds = Number(roundsArg ?? 7)
const roots = { base: path.resolve(otherRoot), branch: path.resolve(import.meta.dirname, '../..') }
type Period = { from: string, to: string }
type Side = { name: 'base' | 'branch', dashboard: (p: Period) => Promise<unknown>, drill: () => Promise<unknown>, list: (status: string, q?: string) => Promise<unknown>, counts: () => Promise<unknown> }

const dayMs = 86_400_000
const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
const days = (n: number): Period => ({ from: iso(Date.now() - (n - 1) * dayMs), to: iso(Date.now()) })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

async function side (name: 'base' | 'branch'): Promise<Side> {
  const root = roots[name]
  const { openDatabase } = await import(`${root}/src/db/client.ts`)
  const { dashboardFigures } = await import(`${root}/src/inbox/dashboard/figures.ts`)
  const { drillDown } = await import(`${root}/src/inbox/dashboard/drill-down.ts`)
  const { listConversations, listCounts } = await import(`${root}/src/inbox/conversations/queries.ts`)
  const database = await openDatabase(url)
  const handle = database.db // the client, or its Store: the same object at run time
  return {
    name,
    dashboard: p => dashboardFigures(handle, p),
    drill: () => drillDown(handle, days(30), { type: 'handoff', label: 'asked_for_agent' }),
    list: (status, q) => listConversations(handle, database.provider, { status, q }, 'nobody'),
    counts: () => listCounts(handle, {}, 'nobody'),
  }
}

const base = await side('base')
const branch = await side('branch')
const cases: [string, (s: Side) => Promise<unknown>][] = [
  ['dashboard 365 d', s => s.dashboard(days(365))],
  ['dashboard 30 d', s => s.dashboard(days(30))],
  ['drill-down handoffs 30 d', s => s.drill()],
  ['inbox list open', s => s.list('open')],
  ['inbox list needs_human', s => s.list('needs_human')],
  ['inbox list all q=poubelle', s => s.list('all', 'poubelle')],
  ['inbox counts', s => s.counts()],
]
// Waiting times move with the clock between the two calls: compared without them.
const comparable = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'waitingSeconds' || k === 'waitingWorkSeconds' || k === 'overdue') ? undefined : x)
for (const [label, run] of cases) {
  const [a, b] = [await run(base), await run(branch)] // also warms caches (and rolls the year up once)
  if (comparable(a) !== comparable(b)) console.log(`DIFFERENT RESULTS: ${label}`)
}
for (const [label, run] of cases.filter(([l]) => !only || l.startsWith(only))) {
  const wall = { base: [] as number[], branch: [] as number[] }
  const cpu = { base: [] as number[], branch: [] as number[] }
  for (let i = 0; i < rounds; i++) {
    for (const s of i % 2 ? [branch, base] : [base, branch]) {
      const started = performance.now()
      const cpu0 = process.cpuUsage()
      await run(s)
      const used = process.cpuUsage(cpu0)
      wall[s.name].push(performance.now() - started)
      cpu[s.name].push((used.user + used.system) / 1000)
    }
  }
  const pairs = wall.base.map((x, i) => wall.branch[i] / x)
  console.log(`${label}: wall median ${median(wall.base).toFixed(1)} → ${median(wall.branch).toFixed(1)} ms (per-pair ratio median ${median(pairs).toFixed(2)}); CPU median ${median(cpu.base).toFixed(1)} → ${median(cpu.branch).toFixed(1)} ms (ratio ${(median(cpu.branch) / median(cpu.base)).toFixed(2)})`)
}
process.exit(0)
