// Live pushes between instances on one PostgreSQL database (issue 19): every relayed event of
// this process's bus is sent with NOTIFY, and every other instance's bus gets it from LISTEN.
// Events are grouped (a few milliseconds) into one NOTIFY under PostgreSQL's 8,000-byte limit; a
// web chat message too long for one carries only its id, and the receiving instance reads it.
// Nothing depends on it for correctness: the widget and the inbox read back what they missed.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from './client.ts'
import { poolConfigOf } from './pg-config.ts'
import { toPublicMessage, type LiveBus, type RelayedEvent } from '../live/live-bus.ts'

const CHANNEL = 'assistant_live'
const MAX_BYTES = 7_900
const FLUSH_MS = 5
const RECONNECT_MS = 1_000

type Wire = { i: string, e: (RelayedEvent | ['webchat-ref', { sessionId: string, id: string }])[] }

export type LiveRelay = { instanceId: string, close (): Promise<void> }

export async function startLiveRelay (databaseUrl: string, live: LiveBus, db: Db, log: FastifyBaseLogger): Promise<LiveRelay> {
  const instanceId = randomUUID()
  let client: pg.Client | undefined
  let closed = false
  let pending: string[] = []
  let timer: NodeJS.Timeout | undefined
  let sending = Promise.resolve()

  const onNotification = (notification: pg.Notification) => {
    if (notification.channel !== CHANNEL || !notification.payload) return
    let wire: Wire
    try { wire = JSON.parse(notification.payload) as Wire } catch { return }
    if (wire.i === instanceId) return
    for (const event of wire.e) {
      if (event[0] !== 'webchat-ref') { live.emitRemote(event); continue }
      const { sessionId, id } = event[1]
      void db.message.findUnique({ where: { id: Number(id) } })
        .then(row => { if (row) live.emitRemote(['webchat', { sessionId, message: toPublicMessage(row) }]) })
        .catch(error => log.warn({ err: error }, 'live relay: could not read a long message'))
    }
  }

  async function connect (): Promise<void> {
    const next = new pg.Client({ ...poolConfigOf(databaseUrl), keepAlive: true })
    next.on('notification', onNotification)
    next.on('error', (error) => {
      log.warn({ err: error }, 'live relay: connection lost, reconnecting')
      if (client === next) client = undefined
      next.end().catch(() => {})
      reconnectLater()
    })
    await next.connect()
    await next.query(`LISTEN ${CHANNEL}`)
    client = next
  }

  function reconnectLater (): void {
    if (closed) return
    setTimeout(() => {
      connect().catch((error) => { log.warn({ err: error }, 'live relay: reconnection failed'); reconnectLater() })
    }, RECONNECT_MS).unref()
  }

  const flush = () => {
    timer = undefined
    const batch = pending
    pending = []
    sending = sending.then(async () => {
      for (const payload of pack(batch)) {
        try {
          await client?.query('SELECT pg_notify($1, $2)', [CHANNEL, payload])
        } catch (error) {
          log.warn({ err: error }, 'live relay: notify failed')
        }
      }
    })
  }

  function encode (event: RelayedEvent): string {
    const text = JSON.stringify(event)
    if (Buffer.byteLength(text) < MAX_BYTES - 100 || event[0] !== 'webchat') return text
    return JSON.stringify(['webchat-ref', { sessionId: event[1].sessionId, id: event[1].message.id }])
  }

  // Whole events, packed into as few NOTIFY payloads as fit.
  function pack (events: string[]): string[] {
    const payloads: string[] = []
    let current: string[] = []
    let size = 0
    const head = `{"i":"${instanceId}","e":[`
    for (const event of events) {
      const bytes = Buffer.byteLength(event) + 1
      if (current.length && size + bytes > MAX_BYTES - head.length - 2) {
        payloads.push(`${head}${current.join(',')}]}`)
        current = []
        size = 0
      }
      current.push(event)
      size += bytes
    }
    if (current.length) payloads.push(`${head}${current.join(',')}]}`)
    return payloads
  }

  await connect()
  live.relayTo((event) => {
    pending.push(encode(event))
    timer ??= setTimeout(flush, FLUSH_MS)
  })

  return {
    instanceId,
    async close () {
      closed = true
      live.relayTo(undefined)
      if (timer) { clearTimeout(timer); flush() }
      await sending
      await client?.end().catch(() => {})
    },
  }
}
