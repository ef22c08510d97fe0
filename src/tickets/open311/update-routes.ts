// mySociety's Open311 update extension (issue 17): GET servicerequestupdates.xml|json lists each
// public change (status change or public note) between start_date and end_date, so
// FixMyStreet-style clients show the town's updates as comments under the report.
import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import { open311Status } from '../ticket-status.ts'
import { isoInZone } from '../quiet-hours.ts'
import { sendOpen311 } from './format.ts'
import { open311BadRequest } from './errors.ts'
import { parseFile } from './resource-path.ts'
import { parseW3cDate } from './request-filters.ts'
import { publicCategories } from './list-requests.ts'
import { PUBLIC_EVENT_WHERE, publicStatusNotes } from './public-history.ts'
import { isPublicKind } from './request-view.ts'
import { open311Schemas, routeSchema } from './schemas.ts'

const MAX_UPDATES = 5000
const DEFAULT_WINDOW_MS = 90 * 86_400_000
const CHUNK = 400

export async function updateRoutes (app: FastifyInstance, { db, config }: RouteDeps): Promise<void> {
  app.get('/servicerequestupdates.:format', { schema: routeSchema('Public updates of service requests (mySociety extension)', open311Schemas.updateList, open311Schemas.updatesQuery) }, async (request, reply) => {
    const { format } = parseFile(`servicerequestupdates.${(request.params as { format: string }).format}`, 'servicerequestupdates')
    const query = request.query as Record<string, unknown>
    const text = (key: string) => (typeof query[key] === 'string' && query[key] !== '' ? query[key] as string : undefined)
    const end = text('end_date') ? parseW3cDate('end_date', text('end_date')!) : new Date()
    const start = text('start_date') ? parseW3cDate('start_date', text('start_date')!) : new Date(end.getTime() - DEFAULT_WINDOW_MS)
    if (start > end) throw open311BadRequest('start_date must be before end_date')

    const byCode = await publicCategories(db)
    const events = await db.ticketEvent.findMany({
      where: { AND: [PUBLIC_EVENT_WHERE, { createdAt: { gte: start, lte: end } }, { ticket: { category: { in: [...byCode.keys()] } } }] },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_UPDATES,
      select: { id: true, type: true, toStatus: true, note: true, isPublic: true, createdAt: true, ticketId: true },
    })
    const tickets = await ticketsById(db, [...new Set(events.map(e => e.ticketId))])
    const statusAt = await statusHistory(db, [...new Set(events.filter(e => e.type === 'note').map(e => e.ticketId))], end)
    const updates = events.map((e) => {
      const ticket = tickets.get(e.ticketId)!
      const status = e.type === 'status_changed' ? e.toStatus ?? 'new' : statusAt(e.ticketId, e.createdAt)
      return {
        update_id: e.id,
        service_request_id: ticket.reference,
        status: open311Status(status),
        updated_datetime: isoInZone(e.createdAt, config.timeZone),
        description: publicStatusNotes(status, e.isPublic && e.note ? e.note : undefined, isPublicKind(ticket.kind)),
      }
    })
    return sendOpen311(reply, format, 'service_requests_updates', updates)
  })
}

// By id in chunks, not through a relation include: thousands of ids in one IN (…) break SQLite.
async function ticketsById (db: RouteDeps['db'], ids: string[]) {
  const tickets = new Map<string, { reference: string, kind: string }>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const t of await db.ticket.findMany({ where: { id: { in: ids.slice(i, i + CHUNK) } }, select: { id: true, reference: true, kind: true } })) tickets.set(t.id, t)
  }
  return tickets
}

/** The status a ticket had at a given time, from its status changes (for updates that are notes). */
async function statusHistory (db: RouteDeps['db'], ticketIds: string[], end: Date) {
  const changes: { ticketId: string, toStatus: string | null, createdAt: Date }[] = []
  for (let i = 0; i < ticketIds.length; i += CHUNK) {
    changes.push(...await db.ticketEvent.findMany({
      where: { ticketId: { in: ticketIds.slice(i, i + CHUNK) }, type: 'status_changed', createdAt: { lte: end } },
      orderBy: { createdAt: 'asc' },
      select: { ticketId: true, toStatus: true, createdAt: true },
    }))
  }
  return (ticketId: string, at: Date): string => {
    let status = 'new'
    for (const c of changes) if (c.ticketId === ticketId && c.createdAt <= at && c.toStatus) status = c.toStatus
    return status
  }
}
