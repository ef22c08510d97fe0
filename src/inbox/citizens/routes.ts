// /api/citizens/:id (timeline), merges and their undo.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { citizenTimeline } from './timeline.ts'
import { mergeCitizens, undoMerge } from './merge.ts'

export const citizenRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  const agent = { preHandler: requireRole('agent') }

  app.get<{ Params: { id: string } }>('/api/citizens/:id', agent, async (request) => citizenTimeline(db, request.params.id))

  app.post<{ Params: { id: string }, Body: { intoCitizenId?: unknown } }>('/api/citizens/:id/merge', agent, async (request, reply) => {
    const result = await mergeCitizens(db, request.params.id, request.body?.intoCitizenId, request.agent!.id)
    return reply.code(201).send(result)
  })

  app.post<{ Params: { id: string } }>('/api/citizen-merges/:id/undo', agent, async (request) => undoMerge(db, request.params.id, request.agent!.id))
}
