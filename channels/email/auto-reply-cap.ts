// At most N automatic answers per sender per hour, whatever the loop guard missed (a mailbox
// that answers every mail with a new one). Counted per answered inbound mail and kept in the
// channel state, so a restart does not reset it; the address is hashed, never stored in clear.
import { createHash } from 'node:crypto'
import type { ChannelContext } from '../../src/core/channel.ts'

const WINDOW_MS = 60 * 60 * 1000

/** Timestamps still inside the window, oldest first. */
export function recentAnswers (timestamps: unknown, now: number): number[] {
  if (!Array.isArray(timestamps)) return []
  return timestamps.filter((t): t is number => typeof t === 'number' && t > now - WINDOW_MS && t <= now).sort((a, b) => a - b)
}

export class AutoReplyCap {
  constructor (private readonly state: ChannelContext['state'], private readonly maxPerHour: number) {}

  async isReached (address: string, now = Date.now()): Promise<boolean> {
    return recentAnswers(await this.state.get(keyOf(address)), now).length >= this.maxPerHour
  }

  async record (address: string, now = Date.now()): Promise<void> {
    const kept = recentAnswers(await this.state.get(keyOf(address)), now)
    await this.state.set(keyOf(address), [...kept, now].slice(-Math.max(this.maxPerHour, 1)))
  }
}

function keyOf (address: string): string {
  return `auto-replies:${createHash('sha256').update(address).digest('hex').slice(0, 32)}`
}
