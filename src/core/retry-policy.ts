// When to try a failed send again: exponential backoff with full jitter, bounded.
export type RetryPolicy = { maxAttempts: number, baseDelayMs: number, maxDelayMs: number }

/** Delay before attempt `attempt + 1`, after `attempt` failures (1-based). */
export function retryDelayMs (policy: RetryPolicy, attempt: number, random = Math.random, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  // Half fixed, half random: spreads retries of many messages without ever retrying at once.
  const delay = Math.round(ceiling / 2 + random() * ceiling / 2)
  return Math.max(delay, retryAfterMs ?? 0)
}

export function shouldGiveUp (policy: RetryPolicy, attempts: number, retryable: boolean): boolean {
  return !retryable || attempts >= policy.maxAttempts
}
