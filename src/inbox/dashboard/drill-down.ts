// Every figure opens as the conversations or tickets behind it (issue 18; Chatwoot #6887).
import type { Store } from '../../db/transaction.ts'
import { conversationsForDrillDown, metricEventSubjects, ticketsCreatedBetween, ticketsForDrillDown } from '../../db/dashboard-reads.ts'
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

export async function drillDown (store: Store, period: Period, f: DrillFilters, now = new Date()) {
  if (f.type === 'backlog') return { kind: 'tickets' as const, rows: await backlogTickets(store, f, now) }
  const events = await metricEventSubjects(store, {
    type: f.type,
    day: f.day,
    from: period.from,
    to: period.to,
    channel: f.channel ? orNull(f.channel) : undefined,
    label: f.label ? orNull(f.label) : undefined,
    serviceCode: f.service ? orNull(f.service) : undefined,
  }, LIMIT * 2)
  if (CONVERSATION_TYPES.includes(f.type)) {
    const ids = [...new Set(events.map(e => e.conversationId).filter((id): id is string => Boolean(id)))].slice(0, LIMIT)
    return { kind: 'conversations' as const, rows: await conversations(store, ids) }
  }
  const ids = [...new Set(events.map(e => e.ticketId).filter((id): id is string => Boolean(id)))].slice(0, LIMIT)
  return { kind: 'tickets' as const, rows: await ticketsForDrillDown(store, ids) }
}

async function conversations (store: Store, ids: string[]) {
  const rows = await conversationsForDrillDown(store, ids)
  return rows.map(({ identity, citizen, ...c }) => ({ ...c, identityKind: identity.kind, citizen: { ...citizen, shortCode: citizenShortCode(citizen.id) } }))
}

async function backlogTickets (store: Store, f: DrillFilters, now: Date) {
  const index = BACKLOG_BUCKETS.findIndex(b => b.key === f.bucket)
  if (index < 0) throw new AppError('validation_failed', `Parameter "bucket" must be one of ${BACKLOG_BUCKETS.map(b => b.key).join(', ')}`)
  const days = (i: number) => i < 0 ? 0 : BACKLOG_BUCKETS[i].maxDays
  const newer = new Date(now.getTime() - days(index - 1) * 86_400_000)
  const olderDays = days(index)
  const older = Number.isFinite(olderDays) ? new Date(now.getTime() - olderDays * 86_400_000) : undefined
  return ticketsCreatedBetween(store, { statuses: OPEN_TICKET_STATUSES, newer, older, serviceCode: f.service })
}
