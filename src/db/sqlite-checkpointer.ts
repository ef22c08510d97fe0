// Moves SQLite's WAL checkpoints off the event loop. A checkpoint copies the WAL's pages into
// the database file and fsyncs it; run by the connection that commits (SQLite's default, every
// 1,000 pages), it blocks every request for that fsync, and it was about a third of the cost
// of a write batch on this machine. A worker thread with its own connection checkpoints
// instead (PASSIVE: it never blocks the app's reads and writes). The app's connection keeps
// a high automatic threshold as a safety net, so the WAL cannot grow without bound under a
// sustained load that never lets a background checkpoint catch up.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export const CHECKPOINT_EVERY_MS = 250
/** Pages (4 KB) after which the app's own connection checkpoints anyway. */
export const SAFETY_NET_PAGES = 10_000

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { timeout: 5000 })
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (error) { parentPort.postMessage(String(error)) }
}, workerData.everyMs)
`

export type Checkpointer = { stop: () => Promise<void> }

export function startCheckpointer (file: string, onError: (message: string) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS } })
  worker.unref() // never keeps the process alive on its own
  worker.on('message', onError)
  worker.on('error', error => onError(String(error)))
  return {
    // Stopping between two checkpoints loses nothing (a checkpoint interrupted half-way is
    // finished by the next one, SQLite's WAL is made for that); no need to wait for a goodbye.
    async stop () {
      await worker.terminate()
    },
  }
}
