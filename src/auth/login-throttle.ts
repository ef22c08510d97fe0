// Repeated failed sign-ins are slowed down: after 5 failures for an email or an address, each
// further try waits twice as long (1 s, 2 s, 4 s … up to 15 min). The failures are forgotten an
// hour after the last one. Kept in the database: every instance sees them, a restart forgives nothing.
import type { SharedCounters } from '../http/shared-counters.ts'

const FREE_FAILURES = 5
const MAX_DELAY_MS = 15 * 60_000
export const FORGET_AFTER_MS = 60 * 60_000

export class LoginThrottle {
  readonly #counters: SharedCounters

  constructor (counters: SharedCounters) {
    this.#counters = counters
  }

  async delayMs (email: string, ip: string, now = new Date()): Promise<number> {
    const delays = await Promise.all(keysOf(email, ip).map(key => this.#delay(key, now)))
    return Math.max(...delays)
  }

  async fail (email: string, ip: string, now = new Date()): Promise<void> {
    for (const key of keysOf(email, ip)) await this.#counters.hit(key, FORGET_AFTER_MS, 'sliding', now)
  }

  async succeed (email: string, ip: string): Promise<void> {
    await this.#counters.reset(...keysOf(email, ip))
  }

  async #delay (key: string, now: Date): Promise<number> {
    const entry = await this.#counters.read(key, now)
    if (!entry || entry.count < FREE_FAILURES) return 0
    const wait = Math.min(MAX_DELAY_MS, 1000 * 2 ** (entry.count - FREE_FAILURES))
    // windowStart is the last failure (a sliding counter).
    return Math.max(0, entry.windowStart.getTime() + wait - now.getTime())
  }
}

const keysOf = (email: string, ip: string) => [`login:e:${email}`, `login:i:${ip}`]
