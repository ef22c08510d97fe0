// npm run bench -- --only inbox: the agents' and managers' reads on DATABASE_URL as it is (fill it
// first with npm run seed:large). In-process through fastify's inject, with a manager's session:
// the inbox list, the managers' search, a citizen's timeline, the search's CSV export; p50/p99
// of each and the process's peak RSS (issue 19).
import { loadConfig } from '../../src/config.ts'
import { applyMigrations } from '../../src/db/schema-engine.ts'
import { buildApp } from '../../src/app.ts'
import { createSession } from '../../src/auth/sessions.ts'
import { storeOf } from '../../src/db/transaction.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { nowMs } from './clock.ts'

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

export async function benchInbox (runs = 40): Promise<string[]> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'false' })
  await applyMigrations(config.databaseUrl)
  const built = await buildApp(config)
  await built.app.ready()
  const { db } = built.database
  const email = `bench-manager-${Date.now()}@example.org`
  const manager = await db.agent.create({ data: { email, name: 'Bench', role: 'manager', passwordHash: await hashPassword('bench-password-0') } })
  const { token } = await createSession(storeOf(db), manager.id)
  const headers = { authorization: `Bearer ${token}` }
  const [messages, citizens] = await Promise.all([db.message.count(), db.citizen.count()])
  const sample = await db.citizen.findMany({ take: runs, skip: Math.max(0, Math.floor(citizens / 2) - runs), select: { id: true } })
  let peakRss = process.memoryUsage().rss
  const timer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 20)

  async function measure (label: string, url: (i: number) => string, count = runs): Promise<string> {
    const times: number[] = []
    let bytes = 0
    for (let i = 0; i < count; i++) {
      const started = nowMs()
      const res = await built.app.inject({ method: 'GET', url: url(i), headers })
      if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`)
      times.push(nowMs() - started)
      bytes += res.rawPayload.length
    }
    times.sort((a, b) => a - b)
    return `${label}: p50 ${quantile(times, 0.5).toFixed(1)} ms, p99 ${quantile(times, 0.99).toFixed(1)} ms (${count} runs, ${(bytes / count / 1048576).toFixed(1)} MB each)`
  }

  const terms = ['poubelles', 'lampadaire', 'cantine', 'piscine', 'encombrants']
  const lines = [
    `inbox on ${built.database.provider}: ${messages.toLocaleString('en')} messages, ${citizens.toLocaleString('en')} citizens`,
    await measure('inbox list (GET /api/conversations)', () => '/api/conversations'),
    await measure('inbox list, needs a person', () => '/api/conversations?status=needs_human'),
    await measure('manager search (GET /api/search?q=)', i => `/api/search?q=${terms[i % terms.length]}`),
    await measure('citizen timeline (GET /api/citizens/:id)', i => `/api/citizens/${sample[i % sample.length]!.id}`),
    // The export streams every match (about 50,000 rows for a common word at 1 M messages): a few runs.
    await measure('CSV export, every match (GET /api/search.csv?q=)', i => `/api/search.csv?q=${terms[i % terms.length]}`, 4),
  ]
  clearInterval(timer)
  lines.push(`peak RSS ${(peakRss / 1048576).toFixed(0)} MB`)
  await db.agentSession.deleteMany({ where: { agentId: manager.id } })
  await db.agent.delete({ where: { id: manager.id } })
  await built.close()
  return lines
}
