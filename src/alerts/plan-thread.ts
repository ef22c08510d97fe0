// The app's side of the planner's worker thread (plan-worker.ts), on SQLite only: its own
// connection reads the subscribers and writes the rows, and each chunk's writes happen while the
// app holds its connection's lock for it, so the app's queries wait (asynchronously) instead of
// meeting a busy database (better-sqlite3's busy wait would block the event loop).
// The lock is taken for the worker only when no conversation waits for it (a few yields at most):
// a turn then waits for at most one chunk's writes, never for a queue of them.
import { Worker } from 'node:worker_threads'
import { workerBoot } from '../worker-boot.ts'
import type { Recipient, Subscriber } from './audience.ts'
import type { FromWorker, PlanRoute, ToWorker } from './plan-worker.ts'
import type { PlanContext } from './plan-rows.ts'

type Lock = () => Promise<() => void>
// How often the worker lets the app's waiting queries go first before it takes the lock anyway.
const MAX_YIELDS = 20


export class PlanThread {
  readonly #worker: Worker
  readonly #lock: Lock
  readonly #waiting: () => number
  #listener?: (message: FromWorker) => void
  #failure?: Error
  /** The subscribers read last, by identity: a plan names its recipients by their place in this list. */
  #read = new Map<string, number>()

  constructor (file: string, lock: Lock, waiting: () => number) {
    this.#lock = lock
    this.#waiting = waiting
    this.#worker = new Worker(workerBoot('plan-worker', import.meta.url), { eval: true })
    this.#worker.unref()
    this.#worker.on('message', (message: FromWorker) => {
      if (message.type === 'error') return this.#fail(Object.assign(new Error(`broadcast planner: ${message.message}`), { stack: message.stack }))
      this.#listener?.(message)
    })
    this.#worker.on('error', error => this.#fail(error))
    this.#worker.on('exit', code => this.#fail(new Error(`broadcast planner exited (${code})`)))
    this.#post({ type: 'open', file } as unknown as ToWorker)
  }

  /** The topic's subscribers, read on the worker's connection. */
  async subscribers (topic: string): Promise<Subscriber[]> {
    const all: Subscriber[] = []
    await this.#exchange({ type: 'subscribers', topic }, message => {
      if (message.type !== 'subscribers') return false
      for (const row of message.rows) all.push(row)
      return message.last
    })
    this.#read = new Map(all.map((s, i) => [s.identityId, i]))
    return all
  }

  /**
   * Starts a plan of these recipients (chosen among the subscribers this thread read): they cross
   * as their places in that list and their times in two typed arrays, moved rather than copied,
   * so the event loop does not serialise 50,000 objects. Resolves with how many recipients
   * already had their row (a resumed plan).
   */
  async start (ctx: PlanContext, recipients: Recipient[]): Promise<number> {
    const picked = new Int32Array(recipients.length)
    const heldUntil = new Float64Array(recipients.length)
    // Each recipient's channel and figure key, as an index into `routes`: the audience chose them,
    // so the worker needs no channel module of its own (loading them cost it a second of CPU).
    const routes: PlanRoute[] = []
    const routeOf = new Map<string, number>()
    const route = new Uint8Array(recipients.length)
    recipients.forEach((r, i) => {
      picked[i] = this.#read.get(r.identityId) ?? -1
      heldUntil[i] = r.heldUntil?.getTime() ?? Number.NaN
      const name = `${r.channel}|${r.key}`
      let k = routeOf.get(name)
      if (k === undefined) { routeOf.set(name, k = routes.length); routes.push({ channel: r.channel, key: r.key }) }
      route[i] = k
    })
    let already = 0
    await this.#exchange({ type: 'plan', ctx, picked, heldUntil, routes, route }, message => message.type === 'planning' && ((already = message.already), true), [picked.buffer, heldUntil.buffer, route.buffer])
    return already
  }

  /** Writes the plan's recipients [from, to); the worker writes while this side holds the app's connection lock. */
  async write (from: number, to: number, now: Date): Promise<{ count: number, writeMs: number, lost?: boolean }> {
    let release: (() => void) | undefined
    let finished = false
    try {
      let written: { count: number, writeMs: number, lost?: boolean } = { count: 0, writeMs: 0 }
      await this.#exchange({ type: 'chunk', from, to, now }, message => {
        if (message.type === 'lock') {
          void this.#lockWhenFree().then(r => { if (finished) r(); else { release = r; this.#post({ type: 'go' }) } })
          return false
        }
        if (message.type !== 'written') return false
        written = { count: message.count, writeMs: message.writeMs, lost: message.lost }
        return true
      })
      return written
    } finally {
      finished = true
      release?.()
    }
  }

  /** The app's lock, once nobody else waits for it (or after MAX_YIELDS turns given away). */
  async #lockWhenFree (): Promise<() => void> {
    for (let yields = 0; ; yields++) {
      const release = await this.#lock()
      if (yields >= MAX_YIELDS || this.#waiting() === 0) return release
      release()
      await new Promise(resolve => setImmediate(resolve))
    }
  }

  async close (): Promise<void> {
    this.#listener = undefined
    this.#worker.removeAllListeners('exit')
    await this.#worker.terminate()
  }

  #post (message: ToWorker, transfer?: ArrayBuffer[]): void {
    this.#worker.postMessage(message, transfer)
  }

  #fail (error: Error): void {
    this.#failure ??= error
    const listener = this.#listener
    this.#listener = undefined
    listener?.({ type: 'error', message: error.message })
  }

  /** Sends one request and feeds the answers to `until` until it returns true. */
  #exchange (message: ToWorker, until: (message: FromWorker) => boolean, transfer?: ArrayBuffer[]): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise((resolve, reject) => {
      this.#listener = answer => {
        if (answer.type === 'error') { this.#listener = undefined; reject(this.#failure ?? new Error(answer.message)); return }
        if (until(answer)) { this.#listener = undefined; resolve() }
      }
      this.#post(message, transfer)
    })
  }
}
