// What every route plugin of src/ is given. Routes see two things of the conversation core: the
// outbox's wake-up (after they store a reply) and the live feed of the inbox pages; not the core
// itself, so route modules do not depend on src/core (issue 21).
import type { Store } from '../db/transaction.ts'
import type { Config } from '../config.ts'
import type { DatabaseProvider } from '../db/provider.ts'
import type { LiveBus } from '../live/live-bus.ts'

export type RouteCore = { outbox: { wake (): void }, live: LiveBus }

// Routes get the database as an opaque Store and reach it through named repository functions in src/db.
export type RouteDeps = { store: Store, core: RouteCore, config: Config, provider: DatabaseProvider }
