import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORGET_AFTER_MS, LoginThrottle } from '../../../src/auth/login-throttle.ts'
import { SharedCounters } from '../../../src/http/shared-counters.ts'
import { openDatabase, type Database } from '../../../src/db/client.ts'
import { freshPostgresUrl, freshSqliteUrl } from '../../helpers/databases.ts'

describe.each(['sqlite', 'postgresql'] as const)('sign-in throttle on %s', (provider) => {
  let database: Database
  let remove: () => Promise<void> | void
  beforeAll(async () => {
    const fresh = provider === 'sqlite' ? freshSqliteUrl() : await freshPostgresUrl()
    remove = fresh.remove
    database = await openDatabase(fresh.url)
  })
  afterAll(async () => { await database.close(); await remove() })

  it('lets five failures through, then makes each further try wait twice as long', async () => {
    const throttle = new LoginThrottle(new SharedCounters(database.db))
    const now = new Date('2026-12-01T10:00:00Z')
    for (let i = 0; i < 5; i++) {
      expect(await throttle.delayMs('a@m.fr', '1.2.3.4', now)).toBe(0)
      await throttle.fail('a@m.fr', '1.2.3.4', now)
    }
    expect(await throttle.delayMs('a@m.fr', '1.2.3.4', now)).toBe(1000)
    await throttle.fail('a@m.fr', '1.2.3.4', now)
    expect(await throttle.delayMs('a@m.fr', '1.2.3.4', now)).toBe(2000)
    expect(await throttle.delayMs('a@m.fr', '1.2.3.4', new Date(now.getTime() + 2000))).toBe(0)
  })

  it('is shared by two instances on one database, and forgets by time, not by size', async () => {
    const one = new LoginThrottle(new SharedCounters(database.db))
    const two = new LoginThrottle(new SharedCounters(database.db))
    const now = new Date('2026-12-02T10:00:00Z')
    for (let i = 0; i < 3; i++) await one.fail('b@m.fr', '5.6.7.8', now)
    for (let i = 0; i < 3; i++) await two.fail('b@m.fr', '5.6.7.8', now)
    expect(await one.delayMs('b@m.fr', '5.6.7.8', now)).toBe(2000)
    // Many other addresses failing (forged rotation) do not wipe this one.
    for (let i = 0; i < 600; i++) await two.fail(`x${i}@m.fr`, `10.0.${i >> 8}.${i & 255}`, now)
    expect(await two.delayMs('b@m.fr', '5.6.7.8', now)).toBe(2000)
    // An hour of quiet after the last failure forgets it.
    expect(await one.delayMs('b@m.fr', '5.6.7.8', new Date(now.getTime() + FORGET_AFTER_MS + 1))).toBe(0)
  })

  it('slows an address trying many emails, and forgives after a success', async () => {
    const throttle = new LoginThrottle(new SharedCounters(database.db))
    const now = new Date('2026-12-03T10:00:00Z')
    for (let i = 0; i < 6; i++) await throttle.fail(`user${i}@m.fr`, '9.9.9.9', now)
    expect(await throttle.delayMs('someone-else@m.fr', '9.9.9.9', now)).toBeGreaterThan(0)
    await throttle.succeed('someone-else@m.fr', '9.9.9.9')
    expect(await throttle.delayMs('someone-else@m.fr', '9.9.9.9', now)).toBe(0)
  })
})
