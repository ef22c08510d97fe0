// /api/tickets and /api/api-keys (issue 4)
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'

export const ticketRoutes: FastifyPluginAsync<RouteDeps> = async (_app, _deps) => {
  // Not built yet.
}
