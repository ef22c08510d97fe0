import { describe, expect, it } from 'vitest'
import { SerialQueues } from '../../../../channels/slack/serial-queues.ts'

const tick = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('serial queues', () => {
  it('runs the turns of one conversation one after the other, in arrival order', async () => {
    const queues = new SerialQueues()
    const log: string[] = []
    let running = 0
    const work = (name: string, ms: number) => async () => {
      running++
      expect(running).toBe(1)
      log.push(`start ${name}`)
      await tick(ms)
      log.push(`end ${name}`)
      running--
    }
    void queues.push('c1', work('a', 20))
    void queues.push('c1', work('b', 1))
    void queues.push('c1', work('c', 5))
    await queues.idle()
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
  })

  it('runs different conversations in parallel', async () => {
    const queues = new SerialQueues()
    const order: string[] = []
    void queues.push('slow', async () => { await tick(30); order.push('slow') })
    void queues.push('fast', async () => { order.push('fast') })
    await queues.idle()
    expect(order).toEqual(['fast', 'slow'])
  })

  it('keeps going after a failed turn', async () => {
    const queues = new SerialQueues()
    const done: string[] = []
    const failed = queues.push('c1', async () => { throw new Error('boom') })
    void queues.push('c1', async () => { done.push('next') })
    await expect(failed).rejects.toThrow('boom')
    await queues.idle()
    expect(done).toEqual(['next'])
  })

  it('is idle at once when nothing is queued', async () => {
    await expect(new SerialQueues().idle()).resolves.toBeUndefined()
  })
})
