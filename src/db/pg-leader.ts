// One instance at a time does the background work that must not run twice (issue 19): reading
// the mailbox, the daily retention sweep. On PostgreSQL the leader holds a session advisory lock
// on its own connection; the others try again every few seconds. When the leader's process dies
// its connection closes and the lock is free at once; when its machine or network dies, the
// server's TCP keepalives (set below) drop the connection within about 20 s, so another instance
// takes over within 30 s. A leader that cannot reach the database stops its work at once.
import pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { poolConfigOf } from './pg-config.ts'

export type LeaderWork = { start (): Promise<void>, stop (): Promise<void> }
export type Leadership = { isLeader (): boolean, close (): Promise<void> }

const RETRY_MS = 5_000
// Lock ids are 64-bit integers: a fixed one for this application's background work.
const LOCK_SQL = "SELECT pg_try_advisory_lock(hashtext('mairie-assistant:leader')) AS won"

export function lead (databaseUrl: string, work: LeaderWork, log: FastifyBaseLogger, retryMs = RETRY_MS): Leadership {
  let client: pg.Client | undefined
  let leader = false
  let closed = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const step = (fn: () => Promise<void>) => (running = running.then(fn).catch(error => log.error({ err: error }, 'leader: background work failed')))

  async function resign (reason: string): Promise<void> {
    if (leader) {
      leader = false
      log.warn({ reason }, 'leader: this instance stops the background work')
      await work.stop()
    }
    const old = client
    client = undefined
    await old?.end().catch(() => {})
  }

  async function tick (): Promise<void> {
    try {
      if (!client) {
        const next = new pg.Client({ ...poolConfigOf(databaseUrl), keepAlive: true, query_timeout: retryMs })
        next.on('error', () => { void step(() => resign('connection lost')) })
        await next.connect()
        // Seconds before the server notices a dead peer: 5 idle + 3 probes 5 s apart (the leader's own query every 5 s keeps a live connection busy).
        await next.query('SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3')
        client = next
      }
      if (leader) {
        await client.query('SELECT 1') // still connected, so the lock is still ours
        return
      }
      const { rows } = await client.query<{ won: boolean }>(LOCK_SQL)
      if (rows[0]?.won && !closed) {
        leader = true
        log.info('leader: this instance reads the mailbox and runs the daily sweeps')
        // The work's own failures (a mailbox refusing the login) are not the lock's: keep it.
        await work.start().catch(error => log.error({ err: error }, 'leader: background work failed to start'))
      }
    } catch (error) {
      log.warn({ err: error }, 'leader: database unreachable')
      await resign('database unreachable')
    }
  }

  const loop = () => {
    void step(tick).then(() => { if (!closed) timer = setTimeout(loop, retryMs).unref() })
  }
  loop()

  return {
    isLeader: () => leader,
    async close () {
      closed = true
      clearTimeout(timer)
      await step(() => resign('stopping'))
    },
  }
}
