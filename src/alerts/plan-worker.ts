// The broadcast planner's worker thread (issue 20), on SQLite: it reads the topic's subscribers
// and writes the outbox rows on a connection of its own, so neither the reading nor the building
// of 50,000 rows runs on the app's event loop. It writes only when the app hands it the turn on
// the app's connection lock ('lock' → 'go' → 'written'; see plan-thread.ts), so the app never
// meets a busy database: its own queries just wait their turn, without blocking the loop.
import { parentPort } from 'node:worker_threads'
import { openOwnSqlite, type OwnSqlite } from '../db/own-sqlite.ts'
import { subscribersOfTopic } from '../db/alert-subscriptions.ts'
import { plannedIdentities, writePlanChunk } from '../db/broadcasts.ts'
import { indexNextMessages } from '../db/message-search.ts'
import type { RecipientChannel, Subscriber } from './audience.ts'
import { chunkRows, Pacer, type PlanContext, type PlannedRecipient } from './plan-rows.ts'

/** A recipient's channel and figure key, as the audience chose them. */
export type PlanRoute = { channel: string, key: RecipientChannel }

export type ToWorker =
  | { type: 'subscribers', topic: string }
  | { type: 'plan', ctx: PlanContext, picked: Int32Array, heldUntil: Float64Array, routes: PlanRoute[], route: Uint8Array }
  | { type: 'chunk', from: number, to: number, now: Date }
  | { type: 'go' }

export type FromWorker =
  | { type: 'subscribers', rows: Subscriber[], last: boolean }
  | { type: 'planning', already: number }
  | { type: 'lock' }
  | { type: 'written', count: number, writeMs: number, lost?: boolean }
  | { type: 'error', message: string, stack?: string }

const port = parentPort!
const send = (message: FromWorker) => port.postMessage(message)
// Subscribers cross to the app in pages, so that no one message costs the app's loop much to read.
const PAGE = 5_000
// A chunk's rows and the app's messages since the indexer's last round (about a second of them).
const INDEX_AT_ONCE = 20_000

let connection: OwnSqlite | undefined
let subscribers: Subscriber[] = []
/** The subscribers' conversations (identity → conversation), read with them. */
let conversations = new Map<string, string>()
let plan: { ctx: PlanContext, recipients: PlannedRecipient[], done: Set<string>, existing: Map<string, string>, pace: Pacer } | undefined
let go: (() => void) | undefined

async function handle (message: ToWorker): Promise<void> {
  if (message.type === 'subscribers') {
    conversations = new Map()
    const rows = subscribers = await subscribersOfTopic(connection!.on, message.topic, conversations)
    for (let i = 0; i < rows.length || i === 0; i += PAGE) send({ type: 'subscribers', rows: rows.slice(i, i + PAGE), last: i + PAGE >= rows.length })
  } else if (message.type === 'plan') {
    const { picked, heldUntil, routes, route } = message
    const recipients = Array.from(picked, (index, i): PlannedRecipient => {
      const s = subscribers[index]
      if (!s) throw new Error('plan of a recipient this thread did not read')
      const { channel, key } = routes[route[i]]
      return { identityId: s.identityId, citizenId: s.citizenId, channel, key, lang: s.lang, heldUntil: Number.isNaN(heldUntil[i]) ? undefined : new Date(heldUntil[i]) }
    })
    const done = await plannedIdentities(connection!.on, message.ctx.broadcastId)
    plan = { ctx: message.ctx, recipients, done, existing: conversations, pace: new Pacer(message.ctx.rates) }
    send({ type: 'planning', already: done.size })
  } else if (message.type === 'chunk') {
    if (!plan) throw new Error('chunk before plan')
    const todo = plan.recipients.slice(message.from, message.to).filter(r => !plan!.done.has(r.identityId))
    if (!todo.length) { send({ type: 'written', count: 0, writeMs: 0 }); return }
    // Built before asking for the turn: the app's connection is lent only for the writes.
    const rows = chunkRows(plan.ctx, todo, plan.existing, plan.pace, message.now)
    await new Promise<void>(resolve => { go = resolve; send({ type: 'lock' }) })
    const started = performance.now()
    const { ctx } = plan
    // A chunk whose lease is lost writes nothing (writePlanChunk checks it first).
    const held = await connection!.write(async tx => {
      const written = await writePlanChunk(tx, {
        broadcastId: ctx.broadcastId, plannerId: ctx.plannerId, leaseUntil: new Date(message.now.getTime() + ctx.leaseMs), conversations: rows.conversations, messages: rows.inputs, now: message.now,
      })
      // Its rows go into the search index here, in this thread, rather than on the app's event
      // loop (src/db/message-search.ts): with them whatever the app wrote since its last round.
      if (written) await indexNextMessages(tx.sql, INDEX_AT_ONCE)
      return written
    })
    if (held) for (const r of todo) plan.done.add(r.identityId)
    send({ type: 'written', count: held ? todo.length : 0, writeMs: performance.now() - started, lost: !held })
  } else if (message.type === 'go') {
    go?.()
  }
}

// Messages are handled one after the other ('go' excepted: it releases a waiting chunk).
let queue = Promise.resolve()
port.on('message', (message: ToWorker | { type: 'open', file: string }) => {
  if (message.type === 'open') { connection = openOwnSqlite(message.file); return }
  if (message.type === 'go') { void handle(message); return }
  queue = queue.then(() => handle(message)).catch((error: Error) => send({ type: 'error', message: error.message, stack: error.stack }))
})
port.on('close', () => connection?.close())
