// The web chat under load on SQLite: messages accepted per second, latency of the full path as
// the issue defines it (message stored → reply committed to the outbox, both timed in the app),
// the same from the client's side (POST start → reply committed), and a bare fastify route for
// comparison.
// The app and the bare route each run in their own process; this one only generates load.
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchAppCommand } from './app-command.ts'
import { drive, percentile, type LoadOptions, type LoadResult, type Target } from './load-client.ts'

export type WebchatBenchOptions = {
  sessions: number, connections: number, durationMs: number, rate: number, warmupMs: number
  /** --during-broadcast (issue 20): the closed loop again while a broadcast to this many subscribers is planned and sent. */
  duringBroadcast?: number
  /** --database: a filled database to run on (a SQLite file, copied; or a PostgreSQL URL). */
  database?: string
}

export type Drained = { replied: [number, number, number][], inbound: number, processed: number, answered: number, outbound: number, outboxPending: number, heldByAgent: number, cpuMs: number, mainCpuMs: number, peakRssMb: number }

export function child (file: string, env: NodeJS.ProcessEnv = {}): Promise<{ proc: ChildProcess, url: string, startedAt: number, startRssMb: number }> {
  // BENCH_CPU_PROF=<dir> writes a CPU profile of each child process there (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  // The app runs as npm start runs it (compiled, the start script's node options); the bare route
  // and other helpers through tsx.
  const app = file === 'webchat-server.ts' ? benchAppCommand() : undefined
  const proc = fork(app?.file ?? path.join(import.meta.dirname, file), [], { execArgv: [...(app?.execArgv ?? ['--import', 'tsx']), ...profile], env: { ...process.env, ...app?.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    proc.once('exit', code => reject(new Error(`${file} exited with ${code}`)))
    proc.on('message', (m: { type: string, url?: string, startedAt?: number, startRssMb?: number }) => { if (m.type === 'ready') resolve({ proc, url: m.url!, startedAt: m.startedAt ?? Number.NaN, startRssMb: m.startRssMb ?? Number.NaN }) })
  })
}

export const request = <T>(proc: ChildProcess, type: string, reply: string): Promise<T> => new Promise(resolve => {
  const on = (m: { type: string }) => { if (m.type === reply) { proc.off('message', on); resolve(m as T) } }
  proc.on('message', on)
  proc.send({ type })
})

async function openSessions (url: string, count: number): Promise<Target['sessions']> {
  const sessions: Target['sessions'] = []
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}/channels/webchat/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    sessions.push(await res.json() as Target['sessions'][number])
  }
  return sessions
}

type PhaseReport = { label: string, load: LoadResult, drained: Drained, fullPath: number[], fromPost: number[], lastReplyAt: number }

async function phase (label: string, proc: ChildProcess, target: Target, options: LoadOptions): Promise<PhaseReport> {
  const load = await drive(target, options)
  const drained = await request<Drained>(proc, 'drain', 'drained')
  const fullPath: number[] = []
  const fromPost: number[] = []
  let lastReplyAt = 0
  for (const [messageId, at, storedAt] of drained.replied) {
    const t0 = load.started.get(String(messageId))
    if (t0 === undefined) continue
    fullPath.push(at - storedAt)
    fromPost.push(at - t0)
    lastReplyAt = Math.max(lastReplyAt, at)
  }
  return { label, load, drained, fullPath, fromPost, lastReplyAt }
}

export const fmt = (n: number, digits = 1) => Number.isFinite(n) ? n.toFixed(digits) : 'n/a'

function describePhase (r: PhaseReport): string[] {
  const { load } = r
  const perSecond = load.accepted / (load.elapsedMs / 1000)
  const drainSeconds = (r.lastReplyAt - load.firstAcceptedAt) / 1000
  return [
    `  ${r.label}`,
    `    accepted            ${load.accepted} messages in ${fmt(load.elapsedMs / 1000, 2)} s = ${fmt(perSecond, 0)} messages/s (refused ${load.refused}, errors ${load.errors})`,
    `    POST latency        p50 ${fmt(percentile(load.latencies, 50), 2)} ms, p99 ${fmt(percentile(load.latencies, 99), 2)} ms`,
    `    full path           p50 ${fmt(percentile(r.fullPath, 50), 2)} ms, p99 ${fmt(percentile(r.fullPath, 99), 2)} ms (message stored → reply committed to the outbox)`,
    `    from the client     p50 ${fmt(percentile(r.fromPost, 50), 2)} ms, p99 ${fmt(percentile(r.fromPost, 99), 2)} ms (POST start → reply committed to the outbox)`,
    `    answered            ${r.fullPath.length} of ${load.accepted} accepted messages (a reply committed to the outbox for that very message)`,
    `    first accepted → last reply stored: ${fmt(drainSeconds, 2)} s = ${fmt(r.fullPath.length / drainSeconds, 0)} messages/s`,
    `    app CPU             ${fmt(r.drained.cpuMs / Math.max(1, load.accepted), 3)} ms per message (user + system, whole path: HTTP, storage, answer, outbox)`,
    `    app memory          ${r.drained.peakRssMb} MB RSS at most during the phase`,
    `    main thread CPU     ${fmt(r.drained.mainCpuMs, 0)} ms in the phase, ${fmt(r.drained.mainCpuMs / Math.max(1, load.accepted), 3)} ms per message (the event loop alone: worker threads excluded)`,
  ]
}

export async function benchWebchat (options: WebchatBenchOptions): Promise<{ lines: string[], ok: boolean }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-webchat-'))
  const file = path.join(dir, 'bench.db')
  // A filled SQLite database is copied (with its WAL, if any), so that the bench leaves it as it was.
  if (options.database !== undefined && !options.database.startsWith('postgres')) {
    const source = options.database.replace(/^file:/, '')
    for (const suffix of ['', '-wal']) if (fs.existsSync(source + suffix)) fs.copyFileSync(source + suffix, file + suffix)
  }
  const databaseUrl = options.database?.startsWith('postgres') ? options.database : `file:${file}`
  const [app, bare] = await Promise.all([child('webchat-server.ts', { BENCH_DATABASE_URL: databaseUrl, BENCH_SUBSCRIBERS: String(options.duringBroadcast ?? 0) }), child('bare-server.ts')])
  try {
    const target: Target = { url: app.url, sessions: await openSessions(app.url, options.sessions) }
    const bareTarget: Target = { url: bare.url, sessions: target.sessions }
    const closed = { durationMs: options.durationMs, connections: options.connections }

    // Warm-up: JIT, the classifier, SQLite's page cache, and every session's first (welcome) turn.
    await phase('warm-up', app.proc, target, { durationMs: options.warmupMs, connections: options.connections })
    const bareWarm = await drive(bareTarget, { ...closed, durationMs: options.warmupMs })
    void bareWarm
    const bareRun = await drive(bareTarget, closed)
    const max = await phase(`closed loop, ${options.connections} connections, ${options.sessions} sessions`, app.proc, target, closed)
    const paced = await phase(`open loop at ${options.rate} messages/s`, app.proc, target, { ...closed, rate: options.rate, connections: 512 })
    const during = options.duringBroadcast ? await duringBroadcast(app.proc, target, closed, max, options.duringBroadcast) : []

    const barePerSecond = bareRun.accepted / (bareRun.elapsedMs / 1000)
    const maxPerSecond = max.load.accepted / (max.load.elapsedMs / 1000)
    const pacedPerSecond = paced.load.accepted / (paced.load.elapsedMs / 1000)
    const pacedDrain = paced.fullPath.length / ((paced.lastReplyAt - paced.load.firstAcceptedAt) / 1000)
    const finalCounts = paced.drained
    const everyAnswered = max.fullPath.length === max.load.accepted && paced.fullPath.length === paced.load.accepted && finalCounts.answered === finalCounts.inbound
    const p99 = percentile(paced.fullPath, 99)
    const lines = [
      'web chat inbound (SQLite, real app on 127.0.0.1, one process for the app, one for the load)',
      `  app memory after start ${app.startRssMb} MB RSS (before the sessions and the load; the app runs as npm start runs it)`,
      `  bare fastify route   ${fmt(barePerSecond, 0)} requests/s, p50 ${fmt(percentile(bareRun.latencies, 50), 2)} ms, p99 ${fmt(percentile(bareRun.latencies, 99), 2)} ms (${options.connections} connections)`,
      ...describePhase(max),
      `    ratio to the bare route: ${fmt(maxPerSecond / barePerSecond * 100, 1)} %`,
      ...describePhase(paced),
      `  database at the end: ${finalCounts.inbound} inbound, ${finalCounts.processed} handled, ${finalCounts.answered} answered, ${finalCounts.outbound} replies, ${finalCounts.outboxPending} still pending in the outbox, ${finalCounts.heldByAgent} conversations handed to a person`,
      ...during,
      `  goals: ≥ 2000 accepted/s ${pacedPerSecond >= 1990 && maxPerSecond >= 2000 ? 'met' : 'NOT met'}; full-path p99 < 50 ms at ${options.rate}/s ${p99 < 50 ? 'met' : 'NOT met'} (from the client: ${percentile(paced.fromPost, 99) < 50 ? 'met' : 'NOT met'}); every message answered ${everyAnswered ? 'met' : 'NOT met'}; ≥ 1000 replies stored/s ${pacedDrain >= 1000 ? 'met' : 'NOT met'}`,
    ]
    return { lines, ok: everyAnswered }
  } finally {
    for (const { proc } of [app, bare]) {
      const exited = new Promise(resolve => proc.once('exit', resolve))
      proc.send({ type: 'stop' })
      await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5000))])
      proc.kill()
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** The closed loop again while a broadcast is planned and starts going out; compared with the closed loop before it. */
async function duringBroadcast (proc: ChildProcess, target: Target, closed: LoadOptions, before: PhaseReport, subscribers: number): Promise<string[]> {
  await request(proc, 'seed-subscribers', 'seeded')
  await request(proc, 'broadcast', 'broadcast-started')
  const during = await phase(`closed loop during a broadcast to ${subscribers} subscribers`, proc, target, closed)
  const status = await request<{ recipients: number, planMs: number }>(proc, 'broadcast-status', 'broadcast-status')
  const ratio = (during.load.accepted / during.load.elapsedMs) / (before.load.accepted / before.load.elapsedMs) * 100
  // What the broadcast cost the event loop during the phase: its CPU beyond what the phase's
  // messages cost at the closed loop's rate per message. Unlike throughput, this does not depend on
  // how busy the machine is.
  const extraMainMs = during.drained.mainCpuMs - before.drained.mainCpuMs / Math.max(1, before.load.accepted) * during.load.accepted
  // The phase starts as the plan does: its rate while the rows were written, and after (the sends).
  const beforeRate = before.load.accepted / before.load.elapsedMs
  const planEnd = Math.min(status.planMs, during.load.elapsedMs)
  const inPlan = during.load.acceptedAt.filter(t => t < planEnd).length
  const share = (n: number, ms: number) => `${fmt(n / ms * 1000, 0)} messages/s = ${fmt(n / ms / beforeRate * 100, 1)} %`
  return [
    ...describePhase(during),
    `    broadcast: ${status.recipients} recipients planned into the outbox in ${fmt(status.planMs / 1000, 2)} s`,
    `    while the plan was written: ${share(inPlan, planEnd)}; after it, as the broadcast went out: ${during.load.elapsedMs > planEnd ? share(during.load.accepted - inPlan, during.load.elapsedMs - planEnd) : 'none'}`,
    `    event loop CPU taken by the broadcast during the phase: ${fmt(extraMainMs, 0)} ms (${fmt(extraMainMs / during.load.elapsedMs * 100, 1)} % of the phase's wall time)`,
    `    goal: ≥ 80 % of the closed-loop figure during a broadcast ${ratio >= 80 ? 'met' : 'NOT met'} (${fmt(ratio, 1)} %)`,
  ]
}
