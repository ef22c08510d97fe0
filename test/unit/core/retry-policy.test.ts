import { describe, expect, it } from 'vitest'
import { retryDelayMs, shouldGiveUp, type RetryPolicy } from '../../../src/core/retry-policy.ts'

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000 }

describe('retry policy', () => {
  it('waits longer after each failure, between half and all of the doubling ceiling', () => {
    expect(retryDelayMs(policy, 1, () => 0)).toBe(500)
    expect(retryDelayMs(policy, 1, () => 1)).toBe(1000)
    expect(retryDelayMs(policy, 2, () => 0)).toBe(1000)
    expect(retryDelayMs(policy, 3, () => 1)).toBe(4000)
  })

  it('never waits more than the maximum delay', () => {
    expect(retryDelayMs(policy, 30, () => 1)).toBe(10_000)
    expect(retryDelayMs(policy, 30, () => 0)).toBe(5000)
  })

  it('spreads the retries of many messages (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(policy, 3)))
    expect(delays.size).toBeGreaterThan(10)
  })

  it('honours a provider asking to wait longer (Retry-After)', () => {
    expect(retryDelayMs(policy, 1, () => 0, 30_000)).toBe(30_000)
    expect(retryDelayMs(policy, 1, () => 0, 10)).toBe(500)
  })

  it('gives up on a non-retryable error at once, and on a retryable one at the last attempt', () => {
    expect(shouldGiveUp(policy, 1, false)).toBe(true)
    expect(shouldGiveUp(policy, 4, true)).toBe(false)
    expect(shouldGiveUp(policy, 5, true)).toBe(true)
  })
})
