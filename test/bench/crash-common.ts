// What the kill -9 harnesses share (npm run crash:email, crash:botframework): a fresh database,
// the real server (compiled, run as `npm start` runs it) started and killed as an operator would see
// it, and the wait until everything stored has been answered and sent.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openDatabase } from '../../src/db/client.ts'
import { serverAppCommand } from './app-command.ts'

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

export async function freshDatabase (prefix: string, kind: string): Promise<{ url: string, drop: () => Promise<void> }> {
  if (kind !== 'postgresql') {
    const file = path.join(os.tmpdir(), `${prefix}-${randomUUID()}.db`)
    return { url: `file:${file}`, drop: async () => { for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true }) } }
  }
  const admin = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
  const name = `${prefix.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`
  const run = async (sql: string) => { const c = new pg.Client({ connectionString: admin }); await c.connect(); await c.query(sql); await c.end() }
  await run(`CREATE DATABASE "${name}"`)
  const url = new URL(admin); url.pathname = `/${name}`
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) }
}

/**
 * The real server, listening and healthy; its stderr is this process's (crashes show). Its JSON log
 * (standard output) is appended to CRASH_SERVER_LOG when set, to see what a run went through.
 */
export async function startServer (env: NodeJS.ProcessEnv, base: string): Promise<ChildProcess> {
  const log = process.env.CRASH_SERVER_LOG ? fs.openSync(process.env.CRASH_SERVER_LOG, 'a') : 'ignore'
  const app = serverAppCommand()
  const proc = spawn(process.execPath, [...app.execArgv, app.file], { env: { ...env, ...app.env }, stdio: ['ignore', log, 'inherit'] })
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`)
    try { if ((await fetch(`${base}/health`)).ok) return proc } catch { /* not listening yet */ }
    await sleep(100)
  }
}

export async function killHard (proc: ChildProcess): Promise<void> {
  const exited = new Promise(resolve => proc.once('exit', resolve))
  proc.kill('SIGKILL')
  await exited
}

export async function stopGently (proc: ChildProcess): Promise<void> {
  const exited = new Promise(resolve => proc.once('exit', resolve))
  proc.kill('SIGTERM')
  await exited
}

/**
 * Waits until `expectedInbound` messages of the channel are stored, every one handled, and the outbox
 * holds nothing pending (a send cut by the kill waits for its 60 s lease first). Returns what is left.
 */
export async function waitUntilSettled (databaseUrl: string, channel: string, expectedInbound: number, timeoutMs = 240_000): Promise<{ pending: number, inbound: number }> {
  const { db, close } = await openDatabase(databaseUrl)
  try {
    const deadline = Date.now() + timeoutMs
    let pending = -1
    let inbound = 0
    while (Date.now() < deadline) {
      const [stored, unprocessed, unsent] = await Promise.all([
        db.message.count({ where: { direction: 'inbound', channel } }),
        db.message.count({ where: { direction: 'inbound', processedAt: null } }),
        db.outboxItem.count({ where: { status: 'pending' } }),
      ])
      inbound = stored
      pending = unprocessed + unsent + Math.max(0, expectedInbound - stored)
      if (!pending) break
      await sleep(500)
    }
    return { pending, inbound }
  } finally {
    await close()
  }
}
