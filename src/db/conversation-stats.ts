// A few counts over all conversations for GET /api/stats (the dashboard's figures: metric-days.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

/** How many conversations each channel has had. */
export async function conversationCountsByChannel (on: DbOrTx): Promise<{ channel: string, count: number }[]> {
  const rows = await prismaFor(on).conversation.groupBy({ by: ['channel'], _count: { _all: true } })
  return rows.map(r => ({ channel: r.channel, count: r._count._all }))
}

/** How many times a person was asked for or stepped in. */
export async function countHandoffEvents (on: DbOrTx): Promise<number> {
  return prismaFor(on).conversationEvent.count({ where: { type: { in: ['handoff_requested', 'takeover'] } } })
}

/** When the newest answered conversations began and were first answered (`limit` at most). */
export async function firstResponseTimes (on: DbOrTx, limit: number): Promise<{ createdAt: Date, firstResponseAt: Date }[]> {
  const rows = await prismaFor(on).conversation.findMany({ where: { firstResponseAt: { not: null } }, select: { createdAt: true, firstResponseAt: true }, take: limit, orderBy: { createdAt: 'desc' } })
  return rows.map(c => ({ createdAt: c.createdAt, firstResponseAt: c.firstResponseAt! }))
}
