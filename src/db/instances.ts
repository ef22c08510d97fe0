// Several instances on one database (issue 19). On PostgreSQL: live events reach every instance
// (pg-live-relay.ts) and one instance at a time does the background work (pg-leader.ts). On
// SQLite there is one process: the work starts at once and nothing is relayed.
import type { FastifyBaseLogger } from 'fastify'
import type { Database } from './client.ts'
import type { LiveBus } from '../live/live-bus.ts'
import type { LeaderWork } from './pg-leader.ts'

export type Instances = { isLeader (): boolean, close (): Promise<void> }

export async function joinInstances (databaseUrl: string, database: Database, live: LiveBus, work: LeaderWork, log: FastifyBaseLogger): Promise<Instances> {
  if (database.provider !== 'postgresql') {
    await work.start()
    return { isLeader: () => true, close: () => work.stop() }
  }
  // Loaded here only: on SQLite the app does not keep the PostgreSQL driver in memory.
  const [{ startLiveRelay }, { lead }] = await Promise.all([import('./pg-live-relay.ts'), import('./pg-leader.ts')])
  const relay = await startLiveRelay(databaseUrl, live, database.db, log)
  const leadership = lead(databaseUrl, work, log)
  return {
    isLeader: leadership.isLeader,
    async close () {
      await leadership.close()
      await relay.close()
    },
  }
}
