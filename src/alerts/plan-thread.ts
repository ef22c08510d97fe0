// The app's side of the planner's worker thread (plan-worker.ts), on SQLite only: its own
// connection reads the subscribers and writes the rows, and each chunk's writes happen while the
// app holds its connection's lock for it, so the app's queries wait (asynchronously) instead of
// meeting a busy database (better-sqlite3's busy wait would block the event loop).
import { Worker } from 'node:worker_threads'
import { workerBoot } from '../worker-boot.ts'
import type { Subscriber } from './audience.ts'
import type { FromWorker, ToWorker } from './plan-worker.ts'
import type { PlanContext, PlannedRecipient } from './plan-rows.ts'

type Lock = () => Promise<() => void>


export class PlanThread {
  readonly #worker: Worker
  readonly #lock: Lock
  #listener?: (message: FromWorker) => void
  #failure?: Error

  constructor (file: string, lock: Lock) {
    this.#lock = lock
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
    return all
  }

  /** Starts a plan; resolves with how many recipients already had their row (a resumed plan). */
  async start (ctx: PlanContext): Promise<number> {
    let already = 0
    await this.#exchange({ type: 'plan', ctx }, message => message.type === 'planning' && ((already = message.already), true))
    return already
  }

  /** Writes one chunk; the worker writes while this side holds the app's connection lock. */
  async write (recipients: PlannedRecipient[], now: Date): Promise<{ count: number, writeMs: number, lost?: boolean }> {
    let release: (() => void) | undefined
    let finished = false
    try {
      let written: { count: number, writeMs: number, lost?: boolean } = { count: 0, writeMs: 0 }
      await this.#exchange({ type: 'chunk', recipients, now }, message => {
        if (message.type === 'lock') {
          void this.#lock().then(r => { if (finished) r(); else { release = r; this.#post({ type: 'go' }) } })
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

  async close (): Promise<void> {
    this.#listener = undefined
    this.#worker.removeAllListeners('exit')
    await this.#worker.terminate()
  }

  #post (message: ToWorker): void {
    this.#worker.postMessage(message)
  }

  #fail (error: Error): void {
    this.#failure ??= error
    const listener = this.#listener
    this.#listener = undefined
    listener?.({ type: 'error', message: error.message })
  }

  /** Sends one request and feeds the answers to `until` until it returns true. */
  #exchange (message: ToWorker, until: (message: FromWorker) => boolean): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise((resolve, reject) => {
      this.#listener = answer => {
        if (answer.type === 'error') { this.#listener = undefined; reject(this.#failure ?? new Error(answer.message)); return }
        if (until(answer)) { this.#listener = undefined; resolve() }
      }
      this.#post(message)
    })
  }
}
