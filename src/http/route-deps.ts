// What every route plugin of src/ is given. Routes see two things of the conversation core: the
// outbox's wake-up (after they store a reply) and the live feed of the inbox pages; not the core
// itself, so route modules do not depend on src/core (issue 21).
import type { Db } from '../db/client.ts'
import type { Store } from '../db/transaction.ts'
import type { Config } from '../config.ts'
import type { DatabaseProvider } from '../db/provider.ts'
import type { LiveBus } from '../live/live-bus.ts'

export type RouteCore = { outbox: { wake (): void }, live: LiveBus }

// `db` is on its way out: route modules move to `store` and named repository functions in src/db.
export type RouteDeps = { db: Db, store: Store, core: RouteCore, config: Config, provider: DatabaseProvider }
