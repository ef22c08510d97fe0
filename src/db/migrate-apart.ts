// npm start applies migrations in a worker thread: Prisma's schema engine is a WebAssembly module
// of about 60 MB that stays in memory once loaded. In a worker it goes when the worker ends, and the
// application's memory is what serving needs (issue 19: under 300 MB RSS under load).
import { Worker } from 'node:worker_threads'
import { workerBoot } from '../worker-boot.ts'

/** applyMigrations() of ./schema-engine.ts, run in a worker: the migrations applied, by name. */
export function applyMigrationsApart (databaseUrl: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerBoot('migrate-worker', import.meta.url), { eval: true, workerData: { databaseUrl } })
    let result: { applied?: string[], error?: string } | undefined
    worker.once('message', (message: { applied?: string[], error?: string }) => { result = message })
    worker.once('error', reject)
    worker.once('exit', code => {
      if (result?.applied) resolve(result.applied)
      else reject(new Error(result?.error ?? `the migration worker stopped with code ${code}`))
    })
  })
}
