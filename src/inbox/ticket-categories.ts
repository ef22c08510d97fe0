// The categories an agent can open a ticket in (the inbox's "open a request" form) and the services.
// Under /api/inbox/ so it never collides with the tickets area's own routes.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { errors, Nullable, TAGS } from '../http/schemas.ts'
import { serviceChoices, ticketCategoryChoices } from '../db/inbox-reference-data.ts'

const Named = { code: Type.String(), nameFr: Type.String(), nameEn: Nullable(Type.String()) }

export const ticketCategoryRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.get('/api/inbox/ticket-categories', {
    preValidation: requireRole('agent'),
    schema: { summary: 'Ticket categories for the inbox', tags: [TAGS.agents], response: { 200: Type.Object({ categories: Type.Array(Type.Object({ ...Named, kind: Type.String() })) }), ...errors } },
  }, async () => ({
    categories: await ticketCategoryChoices(store),
  }))
  // The services whose queues the inbox filters on (issue 18).
  app.get('/api/inbox/services', {
    preValidation: requireRole('agent'),
    schema: { summary: 'The services whose queues the inbox filters on', tags: [TAGS.agents], response: { 200: Type.Object({ services: Type.Array(Type.Object(Named)) }), ...errors } },
  }, async () => ({
    services: await serviceChoices(store),
  }))
}
