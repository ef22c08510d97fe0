import { describe, expect, it } from 'vitest'
import { LoginThrottle } from '../../../src/auth/login-throttle.ts'

describe('sign-in throttle', () => {
  it('lets five failures through, then makes each further try wait twice as long', () => {
    const throttle = new LoginThrottle()
    const now = 1_000_000
    for (let i = 0; i < 5; i++) {
      expect(throttle.delayMs('a@m.fr', '1.2.3.4', now)).toBe(0)
      throttle.fail('a@m.fr', '1.2.3.4', now)
    }
    expect(throttle.delayMs('a@m.fr', '1.2.3.4', now)).toBe(1000)
    throttle.fail('a@m.fr', '1.2.3.4', now)
    expect(throttle.delayMs('a@m.fr', '1.2.3.4', now)).toBe(2000)
    expect(throttle.delayMs('a@m.fr', '1.2.3.4', now + 2000)).toBe(0)
  })

  it('slows an address trying many emails, and forgives after a success', () => {
    const throttle = new LoginThrottle()
    for (let i = 0; i < 6; i++) throttle.fail(`user${i}@m.fr`, '9.9.9.9', 0)
    expect(throttle.delayMs('someone-else@m.fr', '9.9.9.9', 0)).toBeGreaterThan(0)
    throttle.succeed('someone-else@m.fr', '9.9.9.9')
    expect(throttle.delayMs('someone-else@m.fr', '9.9.9.9', 0)).toBe(0)
  })
})
