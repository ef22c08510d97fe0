// Repeated failed sign-ins are slowed down: after 5 failures for an email or an address,
// each further try waits twice as long (1 s, 2 s, 4 s … up to 15 min). In memory: a restart forgives.
const FREE_FAILURES = 5
const MAX_DELAY_MS = 15 * 60_000

type Entry = { failures: number, last: number }

export class LoginThrottle {
  readonly #entries = new Map<string, Entry>()

  delayMs (email: string, ip: string, now = Date.now()): number {
    return Math.max(this.#delay(`e:${email}`, now), this.#delay(`i:${ip}`, now))
  }

  fail (email: string, ip: string, now = Date.now()): void {
    for (const key of [`e:${email}`, `i:${ip}`]) {
      const entry = this.#entries.get(key) ?? { failures: 0, last: now }
      this.#entries.set(key, { failures: entry.failures + 1, last: now })
    }
    if (this.#entries.size > 50_000) this.#entries.clear()
  }

  succeed (email: string, ip: string): void {
    this.#entries.delete(`e:${email}`)
    this.#entries.delete(`i:${ip}`)
  }

  #delay (key: string, now: number): number {
    const entry = this.#entries.get(key)
    if (!entry || entry.failures < FREE_FAILURES) return 0
    const wait = Math.min(MAX_DELAY_MS, 1000 * 2 ** (entry.failures - FREE_FAILURES))
    return Math.max(0, entry.last + wait - now)
  }
}
