import { describe, expect, it } from 'vitest'
import { orderedId } from '../../../src/db/ordered-id.ts'

describe('orderedId', () => {
  it('is a version-7 UUID whose text order follows the time it was made', () => {
    const ids = [0, 1, 1_000, 86_400_000].map(offset => orderedId(Date.UTC(2026, 10, 28) + offset))
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect([...ids].sort()).toEqual(ids)
  })

  it('never repeats within one millisecond', () => {
    const now = Date.now()
    expect(new Set(Array.from({ length: 10_000 }, () => orderedId(now))).size).toBe(10_000)
  })
})
