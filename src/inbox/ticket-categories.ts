// The categories an agent can open a ticket in (the inbox's "open a request" form) and the services.
// Under /api/inbox/ so it never collides with the tickets area's own routes.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'

export const ticketCategoryRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  app.get('/api/inbox/ticket-categories', { preHandler: requireRole('agent') }, async () => ({
    categories: await db.ticketCategory.findMany({ orderBy: { nameFr: 'asc' }, select: { code: true, kind: true, nameFr: true, nameEn: true } }),
  }))
  // The services whose queues the inbox filters on (issue 18).
  app.get('/api/inbox/services', { preHandler: requireRole('agent') }, async () => ({
    services: await db.municipalService.findMany({ orderBy: { nameFr: 'asc' }, select: { code: true, nameFr: true, nameEn: true } }),
  }))
}
