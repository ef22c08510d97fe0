// /api/conversations, /api/citizens, takeover, handback, the /inbox and /manager pages (issue 7)
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'

export const inboxRoutes: FastifyPluginAsync<RouteDeps> = async (_app, _deps) => {
  // Not built yet.
}
