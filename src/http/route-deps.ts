// What every route plugin of src/ is given.
import type { Db } from '../db/client.ts'
import type { Config } from '../config.ts'
import type { ConversationCore } from '../core/conversation-core.ts'
import type { DatabaseProvider } from '../db/provider.ts'

export type RouteDeps = { db: Db, core: ConversationCore, config: Config, provider: DatabaseProvider }
