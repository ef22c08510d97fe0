// Every figure opens as the conversations or tickets behind it (issue 18; Chatwoot #6887).
import type { Db, Prisma } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Period } from './period.ts'
import { BACKLOG_BUCKETS, OPEN_TICKET_STATUSES } from './figures.ts'
import { citizenShortCode } from '../../core/citizen-name.ts'

const LIMIT = 200
const CONVERSATION_TYPES = ['conversation_opened', 'intent', 'handoff', 'first_response']
const TICKET_TYPES = ['ticket_opened', 'ticket_resolved', 'satisfaction']
export const DRILL_TYPES = [...CONVERSATION_TYPES, ...TICKET_TYPES, 'backlog']

export type DrillFilters = { type: string, channel?: string, label?: string, service?: string, day?: string, bucket?: string }

export function parseDrillFilters (query: Record<string, unknown>): DrillFilters {
  const text = (name: string) => {
    const value = query[name]
    if (value === undefined || value === '') return undefined
    if (typeof value !== 'string' || value.length > 100) throw new AppError('validation_failed', `Parameter "${name}" is too long`)
    return value
  }
  const type = text('type')
  if (!type || !DRILL_TYPES.includes(type)) throw new AppError('validation_failed', `Parameter "type" must be one of ${DRILL_TYPES.join(', ')}`)
  return { type, channel: text('channel'), label: text('label'), service: text('service'), day: text('day'), bucket: text('bucket') }
}

// 'none' is how figures name a missing channel, reason or service.
const orNull = (value: string | undefined) => value === 'none' ? null : value

export async function drillDown (db: Db, period: Period, f: DrillFilters, now = new Date()) {
  if (f.type === 'backlog') return { kind: 'tickets' as const, rows: await backlogTickets(db, f, now) }
  const where: Prisma.MetricEventWhereInput = {
    type: f.type,
    day: f.day ? f.day : { gte: period.from, lte: period.to },
    ...(f.channel ? { channel: orNull(f.channel) } : {}),
    ...(f.label ? { label: orNull(f.label) } : {}),
    ...(f.service ? { serviceCode: orNull(f.service) } : {}),
  }
  const events = await db.metricEvent.findMany({ where, orderBy: { at: 'desc' }, take: LIMIT * 2, select: { conversationId: true, ticketId: true } })
  if (CONVERSATION_TYPES.includes(f.type)) {
    const ids = [...new Set(events.map(e => e.conversationId).filter((id): id is string => Boolean(id)))].slice(0, LIMIT)
    return { kind: 'conversations' as const, rows: await conversations(db, ids) }
  }
  const ids = [...new Set(events.map(e => e.ticketId).filter((id): id is string => Boolean(id)))].slice(0, LIMIT)
  return { kind: 'tickets' as const, rows: await tickets(db, { id: { in: ids } }) }
}

async function conversations (db: Db, ids: string[]) {
  const rows = await db.conversation.findMany({
    where: { id: { in: ids } },
    orderBy: { lastMessageAt: 'desc' },
    select: { id: true, channel: true, status: true, holder: true, createdAt: true, lastMessageAt: true, lastIntent: true, identity: { select: { kind: true } }, citizen: { select: { id: true, displayName: true } } },
  })
  return rows.map(({ identity, citizen, ...c }) => ({ ...c, identityKind: identity.kind, citizen: { ...citizen, shortCode: citizenShortCode(citizen.id) } }))
}

async function tickets (db: Db, where: Prisma.TicketWhereInput) {
  return db.ticket.findMany({
    where,
    orderBy: { createdAt: 'desc' },
    take: LIMIT,
    select: { id: true, reference: true, title: true, status: true, serviceCode: true, category: true, createdAt: true, conversationId: true },
  })
}

async function backlogTickets (db: Db, f: DrillFilters, now: Date) {
  const index = BACKLOG_BUCKETS.findIndex(b => b.key === f.bucket)
  if (index < 0) throw new AppError('validation_failed', `Parameter "bucket" must be one of ${BACKLOG_BUCKETS.map(b => b.key).join(', ')}`)
  const days = (i: number) => i < 0 ? 0 : BACKLOG_BUCKETS[i].maxDays
  const newer = new Date(now.getTime() - days(index - 1) * 86_400_000)
  const olderDays = days(index)
  const createdAt = Number.isFinite(olderDays) ? { lte: newer, gt: new Date(now.getTime() - olderDays * 86_400_000) } : { lte: newer }
  return tickets(db, { status: { in: OPEN_TICKET_STATUSES }, createdAt, ...(f.service ? { serviceCode: f.service } : {}) })
}
