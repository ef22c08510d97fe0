// The agents' side (issues 7 and 18): conversations, citizens and merges, canned responses,
// attachments, the managers' search and dashboard, the live feed and the /inbox and /manager pages.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { conversationRoutes } from './conversations/routes.ts'
import { citizenRoutes } from './citizens/routes.ts'
import { cannedResponseRoutes } from './canned-responses.ts'
import { searchRoutes } from './search/search-routes.ts'
import { liveSocket } from './live-socket.ts'
import { inboxPages } from './pages.ts'
import { ticketCategoryRoutes } from './ticket-categories.ts'
import { attachmentRoutes } from './attachments.ts'
import { dashboardRoutes } from './dashboard/routes.ts'
import { serviceQueueRoutes } from './service-queues.ts'
import { configureMetrics, refreshWorkingHours } from '../metrics/metric-events.ts'
import { createTownData } from '../town/town-data.ts'
import { loadWorkClocks } from './work-clocks.ts'

export const inboxRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  // Working hours: each service's own (town file `services[].openingHours`), else the town hall's.
  const town = createTownData(deps.store, deps.config)
  configureMetrics({ timeZone: deps.config.timeZone, loadWorkClocks: () => loadWorkClocks(town, deps.config.timeZone) })
  app.addHook('onReady', refreshWorkingHours)
  await app.register(conversationRoutes, deps)
  await app.register(citizenRoutes, deps)
  await app.register(cannedResponseRoutes, deps)
  await app.register(searchRoutes, deps)
  await app.register(dashboardRoutes, deps)
  await app.register(attachmentRoutes, deps)
  await app.register(serviceQueueRoutes, deps)
  await app.register(liveSocket, deps)
  await app.register(ticketCategoryRoutes, deps)
  await app.register(inboxPages)
}
