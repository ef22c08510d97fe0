import { describe, expect, it } from 'vitest'
import { AutoReplyCap, recentAnswers } from '../../../../channels/email/auto-reply-cap.ts'

function memoryState () {
  const map = new Map<string, unknown>()
  return { map, get: async (k: string) => map.get(k), set: async (k: string, v: unknown) => { map.set(k, v) } }
}

describe('automatic answers per sender per hour', () => {
  it('forgets answers older than an hour', () => {
    const now = 10 * 3_600_000
    expect(recentAnswers([now - 3_600_001, now - 10, now - 3_599_000], now)).toEqual([now - 3_599_000, now - 10])
    expect(recentAnswers('garbage', now)).toEqual([])
  })

  it('is reached after N answers to the same sender, and frees up an hour later', async () => {
    const state = memoryState()
    const cap = new AutoReplyCap(state, 2)
    const t = 1_000_000_000
    await cap.record('jeanne@x.example', t)
    expect(await cap.isReached('jeanne@x.example', t + 1)).toBe(false)
    await cap.record('jeanne@x.example', t + 2)
    expect(await cap.isReached('jeanne@x.example', t + 3)).toBe(true)
    expect(await cap.isReached('paul@x.example', t + 3)).toBe(false)
    expect(await cap.isReached('jeanne@x.example', t + 3_600_001)).toBe(false)
    // The address itself is never a key in the stored state.
    expect([...state.map.keys()].join()).not.toContain('jeanne')
  })
})
