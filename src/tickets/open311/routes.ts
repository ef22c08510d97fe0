// /open311/v2/* (issue 4)
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'

export const open311Routes: FastifyPluginAsync<RouteDeps> = async (_app, _deps) => {
  // Not built yet.
}
