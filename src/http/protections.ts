// What every route gets before any is registered (issue 19): security headers and no-store,
// JSON-only bodies where JSON is expected, one WebSocket plugin, rate limits.
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import type { Store } from '../db/transaction.ts'
import { installSecurity } from './security.ts'
import { installWebsocket } from './websocket.ts'
import { installRateLimits } from './rate-limits.ts'
import { SharedCounters } from './shared-counters.ts'

export async function installProtections (app: FastifyInstance, config: Config, store: Store): Promise<void> {
  await installSecurity(app)
  await installWebsocket(app)
  await installRateLimits(app, new SharedCounters(store), config.rateLimitAllow)
}

/** Fastify's trustProxy from TRUST_PROXY: false, or only the named proxies (never `true`). */
export const trustProxyOf = (config: Config): false | string[] => config.trustProxy === false ? false : [...config.trustProxy]
