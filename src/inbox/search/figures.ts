// A few figures for managers, from events recorded when they happened (LESSONS.md).
import type { Store } from '../../db/transaction.ts'
import { conversationCountsByChannel, countHandoffEvents, firstResponseTimes } from '../../db/conversation-stats.ts'

export function median (values: number[]): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export async function conversationFigures (store: Store) {
  const byChannel = await conversationCountsByChannel(store)
  const handoffs = await countHandoffEvents(store)
  const answered = await firstResponseTimes(store, 10_000)
  const seconds = answered.map(c => (c.firstResponseAt.getTime() - c.createdAt.getTime()) / 1000)
  return {
    conversationsByChannel: Object.fromEntries(byChannel.map(r => [r.channel, r.count])),
    handoffs,
    medianFirstResponseSeconds: median(seconds),
  }
}
