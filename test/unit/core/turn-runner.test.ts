import { describe, expect, it } from 'vitest'
import { TurnRunner, type QueuedTurn } from '../../../src/core/turn-runner.ts'
import { TURN_BATCH as MAX_BATCH } from '../../../src/db/batching.ts'

describe('TurnRunner', () => {
  it('puts at most one message per citizen in a batch and keeps each citizen in order', async () => {
    const batches: number[][] = []
    const runner = new TurnRunner(async batch => { batches.push(batch.map(t => t.messageId)) })
    const turns: QueuedTurn[] = [
      { messageId: 1, citizenId: 'a' }, { messageId: 2, citizenId: 'b' }, { messageId: 3, citizenId: 'a' },
      { messageId: 4, citizenId: 'c' }, { messageId: 5, citizenId: 'a' }, { messageId: 6, citizenId: 'b' },
    ]
    runner.push(turns)
    await runner.idle()
    expect(batches).toEqual([[1, 2, 4], [3, 6], [5]])
  })

  it('takes what arrives while a batch runs into the next one, and is idle only when all ran', async () => {
    const ran: number[] = []
    let release!: () => void
    const firstBatchHeld = new Promise<void>(resolve => { release = resolve })
    const runner = new TurnRunner(async batch => {
      if (batch[0].messageId === 1) await firstBatchHeld
      ran.push(...batch.map(t => t.messageId))
    })
    runner.push([{ messageId: 1, citizenId: 'a' }])
    await new Promise(resolve => setTimeout(resolve, 5))
    runner.push([{ messageId: 2, citizenId: 'a' }, { messageId: 3, citizenId: 'b' }])
    let idle = false
    const idlePromise = runner.idle().then(() => { idle = true })
    await new Promise(resolve => setTimeout(resolve, 5))
    expect(idle).toBe(false)
    release()
    await idlePromise
    expect(ran).toEqual([1, 2, 3])
  })

  it(`caps a batch at ${MAX_BATCH} messages`, async () => {
    const sizes: number[] = []
    const runner = new TurnRunner(async batch => { sizes.push(batch.length) })
    runner.push(Array.from({ length: 2 * MAX_BATCH + 50 }, (_, i) => ({ messageId: i + 1, citizenId: `c${i}` })))
    await runner.idle()
    expect(sizes).toEqual([MAX_BATCH, MAX_BATCH, 50])
  })
})
