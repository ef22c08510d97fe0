// The agents' side (issue 7): conversations, citizens and merges, canned responses, the managers'
// search, the live feed and the /inbox and /manager pages.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { conversationRoutes } from './conversations/routes.ts'
import { citizenRoutes } from './citizens/routes.ts'
import { cannedResponseRoutes } from './canned-responses.ts'
import { searchRoutes } from './search/search-routes.ts'
import { liveSocket } from './live-socket.ts'
import { inboxPages } from './pages.ts'
import { ticketCategoryRoutes } from './ticket-categories.ts'

export const inboxRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  await app.register(conversationRoutes, deps)
  await app.register(citizenRoutes, deps)
  await app.register(cannedResponseRoutes, deps)
  await app.register(searchRoutes, deps)
  await app.register(liveSocket, deps)
  await app.register(ticketCategoryRoutes, deps)
  await app.register(inboxPages)
}
