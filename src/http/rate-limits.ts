// Rate limits on the endpoints anyone can call (issue 19), with @fastify/rate-limit. The limits
// live in one table here rather than in each route. Where a counter must hold across instances
// (creating sessions creates citizens; sign-ins; Open311 creations) it is kept in the database;
// the web chat's per-session message limit and the public reads count in memory, per instance:
// one database write per message would cost more than the message itself, and with N instances
// behind a sticky-less balancer a session gets at most N times its limit, which is still a limit.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import type { SharedCounters } from './shared-counters.ts'
import { AppError } from '../errors.ts'

type Rule = {
  method: string
  url: RegExp
  max: number
  windowMs: number
  /** Counted in the database (every instance) or in this process. */
  shared: boolean
  key?: (request: FastifyRequest) => string
}

const MINUTE = 60_000
export const RATE_LIMITS: readonly Rule[] = [
  { method: 'POST', url: /^\/channels\/webchat\/sessions$/, max: 60, windowMs: MINUTE, shared: true },
  { method: 'POST', url: /^\/api\/auth\/login$/, max: 30, windowMs: MINUTE, shared: true },
  { method: 'POST', url: /^\/open311\//, max: 120, windowMs: MINUTE, shared: true },
  {
    method: 'POST', url: /^\/channels\/webchat\/sessions\/:id\/messages$/, max: 120, windowMs: MINUTE, shared: false,
    key: request => `session:${(request.params as { id?: string }).id}`,
  },
  { method: 'GET', url: /^\/open311\//, max: 600, windowMs: MINUTE, shared: false },
]

type IncrCallback = (error: Error | null, result?: { current: number, ttl: number }) => void
type ChildParams = { routeInfo?: { method?: string | string[], url?: string }, shared?: boolean }

/** A store for @fastify/rate-limit: database counters for shared rules, an in-memory map otherwise. */
function storeClass (counters: SharedCounters) {
  return class RateLimitStore {
    readonly #prefix: string
    readonly #shared: boolean
    readonly #local = new Map<string, { count: number, resetAt: number }>()

    constructor (params: ChildParams = {}) {
      this.#prefix = `rl:${String(params.routeInfo?.method ?? '')} ${params.routeInfo?.url ?? ''}:`
      this.#shared = params.shared === true
    }

    incr (key: string, callback: IncrCallback, timeWindow: number): void {
      const now = Date.now()
      if (!this.#shared) {
        callback(null, this.#incrLocal(key, timeWindow, now))
        return
      }
      counters.hit(this.#prefix + key, timeWindow, 'fixed', new Date(now))
        .then(c => callback(null, { current: c.count, ttl: c.expiresAt.getTime() - now }), callback)
    }

    child (params: ChildParams): RateLimitStore {
      return new RateLimitStore(params)
    }

    #incrLocal (key: string, timeWindow: number, now: number) {
      let entry = this.#local.get(key)
      if (!entry || entry.resetAt <= now) {
        // Forgotten by time: expired entries go when the map grows, never the live ones.
        if (this.#local.size >= 10_000) for (const [k, e] of this.#local) if (e.resetAt <= now) this.#local.delete(k)
        this.#local.set(key, entry = { count: 0, resetAt: now + timeWindow })
      }
      entry.count++
      return { current: entry.count, ttl: entry.resetAt - now }
    }
  }
}

/** `allow`: addresses never limited (RATE_LIMIT_ALLOW: monitoring, the bench). */
export async function installRateLimits (app: FastifyInstance, counters: SharedCounters, allow: readonly string[]): Promise<void> {
  // Runs before @fastify/rate-limit's own onRoute hook (registered next), which reads config.rateLimit.
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat()
    const rule = RATE_LIMITS.find(r => methods.includes(r.method as never) && r.url.test(route.url ?? ''))
    if (!rule) return
    const config = (route.config ?? {}) as Record<string, unknown>
    route.config = { ...config, rateLimit: { max: rule.max, timeWindow: rule.windowMs, shared: rule.shared, ...(rule.key ? { keyGenerator: rule.key } : {}) } } as never
  })
  await app.register(rateLimit, {
    global: false,
    store: storeClass(counters) as never,
    // A database hiccup must not refuse every citizen.
    skipOnError: true,
    allowList: (request: FastifyRequest) => allow.includes(request.ip),
    errorResponseBuilder: (_request, context) => new AppError('too_many_requests', `Too many requests: try again in ${context.after}`),
  })
}
