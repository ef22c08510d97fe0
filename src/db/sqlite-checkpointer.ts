// Moves SQLite's WAL checkpoints off the event loop. A checkpoint copies the WAL's pages into
// the database file and fsyncs it; run by the connection that commits (SQLite's default, every
// 1,000 pages), it blocks every request while it copies. A worker thread with its own
// connection checkpoints instead.
//
// Copying is not enough: the WAL only starts over from its beginning when a checkpoint has
// copied every frame and no transaction has committed since. Under a steady load the app's
// connection always commits during the worker's copy, so the WAL grew to the app's automatic
// threshold and the app checkpointed anyway, in the foreground: 17–35 ms stalls every 340 ms
// at 2,000 messages/s. So a round (every CHECKPOINT_EVERY_MS) goes:
//   1. the worker copies what it can while the app keeps working (PASSIVE: it blocks nobody),
//      again if the app committed much meanwhile;
//   2. when the WAL is long, the app's connection lock is taken (its JavaScript keeps running;
//      only database work waits) and the worker copies the few frames committed since. The
//      WAL is then fully copied, and the app's next write starts it over. Measured at 2,000
//      messages/s: the lock is held 3–18 ms each time (the last pass also syncs the file).
// The app's connection keeps a high automatic threshold as a safety net, for when the worker
// cannot keep up or has died.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export const CHECKPOINT_EVERY_MS = 200
/** WAL length (frames, one page each) from which a round also takes the lock to finish. */
export const RESTART_FROM_FRAMES = 6_000
/** Frames after which the app's own connection checkpoints anyway (never reached when the worker keeps up). */
export const SAFETY_NET_PAGES = 20_000
/** The lock is never held longer than this waiting for the worker. */
const FINISH_TIMEOUT_MS = 1_000
/** Passes without the lock after the first, at most, while the app commits faster than they copy. */
const MAX_CATCH_UP_PASSES = 3
/** Frames committed during a pass below which the next pass can take the lock. */
const SMALL_REMAINDER_FRAMES = 200

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { timeout: 5000 })
parentPort.on('message', ({ id }) => {
  try {
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ id, log, checkpointed })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) })
  }
})
`

type PassResult = { log: number, checkpointed: number }
export type Checkpointer = { stop: () => Promise<void> }

/**
 * `lock` is the app connection's lock (src/db/sqlite-serialized.ts): while it is held, the app
 * has no transaction open on the file.
 */
export function startCheckpointer (file: string, lock: () => Promise<() => void>, onError: (message: string) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver } })
  worker.unref() // never keeps the process alive on its own
  worker.on('error', error => onError(String(error)))

  let nextId = 0
  const waiting = new Map<number, (result: PassResult | undefined) => void>()
  worker.on('message', (message: { id: number, error?: string } & PassResult) => {
    if (message.error) onError(message.error)
    waiting.get(message.id)?.(message.error ? undefined : message)
    waiting.delete(message.id)
  })
  const pass = (): Promise<PassResult | undefined> => new Promise(resolve => {
    const id = nextId++
    waiting.set(id, resolve)
    worker.postMessage({ id })
  })

  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let round: Promise<void> = Promise.resolve()
  const schedule = () => { if (!stopped) { timer = setTimeout(() => { round = runRound().finally(schedule) }, CHECKPOINT_EVERY_MS); timer.unref() } }

  async function runRound (): Promise<void> {
    let result = await pass()
    if (!result || result.log < RESTART_FROM_FRAMES) return
    // Again while the app committed much during the previous pass, so that little is left
    // for the pass that holds the lock.
    for (let i = 0; i < MAX_CATCH_UP_PASSES && !stopped; i++) {
      const next = await pass()
      if (!next) return
      const committedMeanwhile = next.log - result.log
      result = next
      if (committedMeanwhile < SMALL_REMAINDER_FRAMES) break
    }
    if (stopped) return
    const release = await lock()
    let timeout: NodeJS.Timeout | undefined
    try {
      // A worker that does not answer must not hold the app's database work hostage.
      await Promise.race([pass(), new Promise<void>(resolve => { timeout = setTimeout(resolve, FINISH_TIMEOUT_MS) })])
    } finally {
      clearTimeout(timeout)
      release()
    }
  }

  schedule()
  return {
    // Stopping between two checkpoints loses nothing (a checkpoint interrupted half-way is
    // finished by the next one, SQLite's WAL is made for that).
    async stop () {
      stopped = true
      clearTimeout(timer)
      await Promise.race([round, new Promise(resolve => setTimeout(resolve, FINISH_TIMEOUT_MS))])
      for (const resolve of waiting.values()) resolve(undefined)
      await worker.terminate()
    },
  }
}
