// The worker of ./migrate-apart.ts.
import { parentPort, workerData } from 'node:worker_threads'
import { applyMigrations } from './schema-engine.ts'

applyMigrations((workerData as { databaseUrl: string }).databaseUrl)
  .then(applied => parentPort!.postMessage({ applied }))
  .catch((error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }))
