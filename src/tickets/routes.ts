// /api/tickets and /api/api-keys (issue 4)
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { agentTicketRoutes } from './ticket-routes.ts'
import { apiKeyRoutes } from './api-key-routes.ts'

export const ticketRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  await app.register(agentTicketRoutes, deps)
  await app.register(apiKeyRoutes, deps)
}
