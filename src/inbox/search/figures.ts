// A few figures for managers, from events recorded when they happened (LESSONS.md).
import type { Db } from '../../db/client.ts'

export function median (values: number[]): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export async function conversationFigures (db: Db) {
  const byChannel = await db.conversation.groupBy({ by: ['channel'], _count: { _all: true } })
  const handoffs = await db.conversationEvent.count({ where: { type: { in: ['handoff_requested', 'takeover'] } } })
  const answered = await db.conversation.findMany({ where: { firstResponseAt: { not: null } }, select: { createdAt: true, firstResponseAt: true }, take: 10_000, orderBy: { createdAt: 'desc' } })
  const seconds = answered.map(c => (c.firstResponseAt!.getTime() - c.createdAt.getTime()) / 1000)
  return {
    conversationsByChannel: Object.fromEntries(byChannel.map(r => [r.channel, r._count._all])),
    handoffs,
    medianFirstResponseSeconds: median(seconds),
  }
}
