// npx tsx test/bench/webchat-ab.ts <checkout A> <checkout B> [--messages 1500] [--rounds 12]
// Two checkouts' web chat in ONE process, the same fixed work alternately (A B, B A, …): main-thread
// CPU per message (/proc schedstat, ns), so that a machine shared with other benches slows both
// alike and the ratio stays readable when `npm run bench` is noise. Each checkout needs its own
// generated Prisma client (npm run db:generate there). Requests go through fastify's inject (no
// sockets), 32 at a time, each round until every reply is sent; the first round is a warm-up.
// --database-a / --database-b <SQLite file>: that side runs on a copy of this file (a database
// made by npm run seed:large) instead of an empty one; A and B may then be the same checkout, to
// compare one checkout on an empty and on a filled database (issue 19). The whole process's CPU
// per message (worker threads too: the WAL checkpointers, the idle app's included) and the file
// reads and writes per message are reported beside the main thread's CPU.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { messages: { type: 'string', default: '1500' }, rounds: { type: 'string', default: '12' }, 'database-a': { type: 'string' }, 'database-b': { type: 'string' } } })
if (positionals.length !== 2) throw new Error('usage: webchat-ab.ts <checkout A> <checkout B>')
const ROOTS = { A: path.resolve(positionals[0]), B: path.resolve(positionals[1]) }
const TEXTS = ['bonjour', 'quels sont les horaires de la mairie ?', 'quel est le menu de la cantine demain ?', 'merci beaucoup', 'quels événements ce week-end ?', 'hello, what are the opening hours of the town hall?']
const DATABASES = { A: values['database-a'], B: values['database-b'] }
const PER_ROUND = Number(values.messages), ROUNDS = Number(values.rounds), CONC = 32

async function setup (name: keyof typeof ROOTS) {
  // Each checkout's own modules (and Prisma client): two apps side by side, nothing shared.
  const root = ROOTS[name]
  const { loadConfig } = await import(root + '/src/config.ts')
  const { applyMigrationsApart } = await import(root + '/src/db/migrate-apart.ts')
  const { buildApp } = await import(root + '/src/app.ts')
  const { seedDemoTown } = await import(root + '/src/town/demo-town.ts')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `webchat-ab-${name}-`))
  const url = `file:${dir}/bench.db`
  const source = DATABASES[name]?.replace(/^file:/, '')
  if (source) for (const suffix of ['', '-wal']) if (fs.existsSync(source + suffix)) fs.copyFileSync(source + suffix, `${dir}/bench.db${suffix}`)
  await applyMigrationsApart(url)
  // Configuration and town files are found from the working directory, as under npm start.
  const cwd = process.cwd(); process.chdir(root)
  const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', PORT: '0', SEED_DEMO: 'true', RATE_LIMIT_ALLOW: '127.0.0.1,::1,::ffff:127.0.0.1' })
  const built = await buildApp(config)
  await seedDemoTown(built.database.db)
  await built.app.ready()
  await built.start()
  process.chdir(cwd)
  const sessions: { sessionId: string, token: string }[] = []
  for (let i = 0; i < 500; i++) sessions.push((await built.app.inject({ method: 'POST', url: '/channels/webchat/sessions', payload: {} })).json())
  return { name, built, sessions, n: 0, dir }
}
type App = Awaited<ReturnType<typeof setup>>

// The main thread's time on a CPU (schedstat, ns): worker threads, the other app's included, are not counted.
const mainNs = () => Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0])
// The process's file reads and writes (bytes and calls, /proc/self/io): SQLite reads a page the
// page cache lacks with one pread, and writes each commit's pages to the WAL.
const io = () => Object.fromEntries(fs.readFileSync('/proc/self/io', 'utf8').trim().split('\n').map(line => line.split(': ')).map(([k, v]) => [k, Number(v)]))
const ioPerMessage: Record<string, Record<string, number[]>> = { A: {}, B: {} }
async function round (a: App, count: number): Promise<[number, number]> {
  const t0 = mainNs()
  const cpu0 = process.cpuUsage()
  const io0 = io()
  let sent = 0
  // Client ids as the widget makes them, unique per round (a repeated one is a retry).
  const runId = Math.random().toString(36).slice(2, 8)
  await Promise.all(Array.from({ length: CONC }, async () => {
    while (sent < count) {
      const n = a.n++; sent++
      const s = a.sessions[n % a.sessions.length]
      const res = await a.built.app.inject({ method: 'POST', url: `/channels/webchat/sessions/${s.sessionId}/messages`, headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ text: TEXTS[n % TEXTS.length], clientMessageId: `${Date.now().toString(36)}-${runId}-${n}` }) })
      if (res.statusCode !== 202) throw new Error(`${res.statusCode} ${res.body}`)
    }
  }))
  await a.built.core.idle()
  const db = a.built.database.db
  while (await db.outboxItem.count({ where: { status: 'pending' } })) await new Promise(r => setTimeout(r, 20))
  const cpu = process.cpuUsage(cpu0)
  const io1 = io()
  for (const k of ['rchar', 'wchar', 'syscr', 'syscw']) (ioPerMessage[a.name][k] ??= []).push((io1[k] - io0[k]) / count)
  return [(mainNs() - t0) / 1e6 / count, (cpu.user + cpu.system) / 1000 / count]
}

const apps = [await setup('A'), await setup('B')]
for (const a of apps) await round(a, 1000) // warm-up: JIT, classifier, page cache, first turns
const results: Record<string, number[]> = { A: [], B: [] }
const whole: Record<string, number[]> = { A: [], B: [] }
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? [apps[1], apps[0]] : apps // A B, then B A: neither always goes first
  for (const a of order) {
    const [main, all] = await round(a, PER_ROUND)
    results[a.name].push(main)
    whole[a.name].push(all)
  }
  console.log(`round ${r}: A ${results.A.at(-1)!.toFixed(3)} B ${results.B.at(-1)!.toFixed(3)} ms/message main thread; whole process A ${whole.A.at(-1)!.toFixed(3)} B ${whole.B.at(-1)!.toFixed(3)} (load ${os.loadavg()[0].toFixed(1)})`)
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]
const ratios = results.A.map((a, i) => results.B[i] / a)
console.log(`main-thread CPU per message, median: A ${med(results.A).toFixed(3)} ms, B ${med(results.B).toFixed(3)} ms; B/A per round ${ratios.map(r => r.toFixed(3)).join(' ')}, median ${med(ratios).toFixed(3)}`)
const wholeRatios = whole.A.map((a, i) => whole.B[i] / a)
for (const name of ['A', 'B']) console.log(`${name} per message, median: ${Object.entries(ioPerMessage[name]).map(([k, v]) => `${k} ${Math.round(med(v))}`).join(', ')} (file reads and writes, /proc/self/io)`)
console.log(`whole-process CPU per message, median: A ${med(whole.A).toFixed(3)} ms, B ${med(whole.B).toFixed(3)} ms; B/A median ${med(wholeRatios).toFixed(3)}`)
// The copies of a filled database are hundreds of MB: gone with the run.
for (const a of apps) { await a.built.close(); fs.rmSync(a.dir, { recursive: true, force: true }) }
process.exit(0)
