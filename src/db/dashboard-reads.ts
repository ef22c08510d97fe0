// What the managers' dashboard reads besides rolled-up metrics (issue 18): the open tickets by
// age (the backlog is a state, not a period), and the rows behind a figure (the drill-down).
import type { Prisma } from './client.ts'
import { prismaFor, type DbOrTx } from './transaction.ts'

const DRILL_LIMIT = 200

/** Tickets in one of these statuses created in (older, newer]; with no `older`, any time up to `newer`. */
export async function countTicketsCreatedBetween (on: DbOrTx, statuses: string[], newer: Date, older?: Date): Promise<number> {
  return prismaFor(on).ticket.count({ where: { status: { in: statuses }, createdAt: { lte: newer, ...(older ? { gt: older } : {}) } } })
}

export type MetricEventFilter = { type: string, day?: string, from: string, to: string, channel?: string | null, label?: string | null, serviceCode?: string | null }

/** The conversations and tickets of the newest events matching the filter (undefined filters: any). */
export async function metricEventSubjects (on: DbOrTx, f: MetricEventFilter, take: number): Promise<{ conversationId: string | null, ticketId: string | null }[]> {
  const where: Prisma.MetricEventWhereInput = {
    type: f.type,
    day: f.day ? f.day : { gte: f.from, lte: f.to },
    ...(f.channel !== undefined ? { channel: f.channel } : {}),
    ...(f.label !== undefined ? { label: f.label } : {}),
    ...(f.serviceCode !== undefined ? { serviceCode: f.serviceCode } : {}),
  }
  return prismaFor(on).metricEvent.findMany({ where, orderBy: { at: 'desc' }, take, select: { conversationId: true, ticketId: true } })
}

export type DrillConversation = { id: string, channel: string, status: string, holder: string, createdAt: Date, lastMessageAt: Date, lastIntent: string | null, identity: { kind: string }, citizen: { id: string, displayName: string | null } }

/** These conversations, the most recently active first. */
export async function conversationsForDrillDown (on: DbOrTx, ids: string[]): Promise<DrillConversation[]> {
  return prismaFor(on).conversation.findMany({
    where: { id: { in: ids } },
    orderBy: { lastMessageAt: 'desc' },
    select: { id: true, channel: true, status: true, holder: true, createdAt: true, lastMessageAt: true, lastIntent: true, identity: { select: { kind: true } }, citizen: { select: { id: true, displayName: true } } },
  })
}

export type DrillTicket = { id: string, reference: string, title: string, status: string, serviceCode: string, category: string, createdAt: Date, conversationId: string | null }
const DRILL_TICKET = { id: true, reference: true, title: true, status: true, serviceCode: true, category: true, createdAt: true, conversationId: true } as const

/** These tickets, newest first (200 at most). */
export async function ticketsForDrillDown (on: DbOrTx, ids: string[]): Promise<DrillTicket[]> {
  return prismaFor(on).ticket.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: 'desc' }, take: DRILL_LIMIT, select: DRILL_TICKET })
}

/** Tickets in one of these statuses created in (older, newer], of one service if given; newest first (200 at most). */
export async function ticketsCreatedBetween (on: DbOrTx, f: { statuses: string[], newer: Date, older?: Date, serviceCode?: string }): Promise<DrillTicket[]> {
  const createdAt = f.older ? { lte: f.newer, gt: f.older } : { lte: f.newer }
  return prismaFor(on).ticket.findMany({
    where: { status: { in: f.statuses }, createdAt, ...(f.serviceCode ? { serviceCode: f.serviceCode } : {}) },
    orderBy: { createdAt: 'desc' },
    take: DRILL_LIMIT,
    select: DRILL_TICKET,
  })
}
