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
import { publicStatusNotes } from './public-history.ts'
import { publicChangesBetween, statusChangesUntil, ticketReferencesByIds } from '../../db/open311-requests.ts'
import type { Store } from '../../db/transaction.ts'
import { isPublicKind } from './request-view.ts'
import { open311Schemas, routeSchema } from './schemas.ts'

const MAX_UPDATES = 5000
const DEFAULT_WINDOW_MS = 90 * 86_400_000

export async function updateRoutes (app: FastifyInstance, { store, config }: RouteDeps): Promise<void> {
  app.get('/servicerequestupdates.:format', { schema: routeSchema('Public updates of service requests (mySociety extension)', open311Schemas.updateList, open311Schemas.updatesQuery) }, async (request, reply) => {
    const { format } = parseFile(`servicerequestupdates.${(request.params as { format: string }).format}`, 'servicerequestupdates')
    const query = request.query as Record<string, unknown>
    const text = (key: string) => (typeof query[key] === 'string' && query[key] !== '' ? query[key] as string : undefined)
    const end = text('end_date') ? parseW3cDate('end_date', text('end_date')!) : new Date()
    const start = text('start_date') ? parseW3cDate('start_date', text('start_date')!) : new Date(end.getTime() - DEFAULT_WINDOW_MS)
    if (start > end) throw open311BadRequest('start_date must be before end_date')

    const byCode = await publicCategories(store)
    const events = await publicChangesBetween(store, start, end, [...byCode.keys()], MAX_UPDATES)
    const tickets = await ticketReferencesByIds(store, [...new Set(events.map(e => e.ticketId))])
    const statusAt = await statusHistory(store, [...new Set(events.filter(e => e.type === 'note').map(e => e.ticketId))], end)
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

/** The status a ticket had at a given time, from its status changes (for updates that are notes). */
async function statusHistory (store: Store, ticketIds: string[], end: Date) {
  const changes = await statusChangesUntil(store, ticketIds, end)
  return (ticketId: string, at: Date): string => {
    let status = 'new'
    for (const c of changes) if (c.ticketId === ticketId && c.createdAt <= at && c.toStatus) status = c.toStatus
    return status
  }
}
