// /api/citizens/:id (timeline), merges and their undo.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { citizenTimeline } from './timeline.ts'
import { mergeCitizens, undoMerge } from './merge.ts'
import { recordAudit } from '../../auth/audit.ts'
import { AppError } from '../../errors.ts'
import { cleanName } from '../../core/citizen-name.ts'

export const citizenRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  const agent = { preHandler: requireRole('agent') }

  app.get<{ Params: { id: string } }>('/api/citizens/:id', agent, async (request) => citizenTimeline(db, request.params.id))

  app.post<{ Params: { id: string }, Body: { intoCitizenId?: unknown } }>('/api/citizens/:id/merge', agent, async (request, reply) => {
    const result = await mergeCitizens(db, request.params.id, request.body?.intoCitizenId, request.agent!.id)
    return reply.code(201).send(result)
  })

  // Agents correct or give the name a citizen is shown by (null: back to « Citoyen·ne 4F2A »).
  app.patch<{ Params: { id: string }, Body: { displayName?: unknown } }>('/api/citizens/:id', agent, async (request) => {
    const raw = request.body?.displayName
    if (raw !== null && (typeof raw !== 'string' || raw.length > 200)) throw new AppError('validation_failed', 'Field "displayName" must be a name (at most 80 characters) or null')
    const displayName = raw === null ? null : cleanName(raw)
    if (displayName === undefined) throw new AppError('validation_failed', 'Field "displayName" must contain a name')
    const { count } = await db.citizen.updateMany({ where: { id: request.params.id, erasedAt: null }, data: { displayName } })
    if (!count) throw new AppError('not_found', 'No such citizen')
    await recordAudit(db, { actorId: request.agent!.id, action: 'citizen.renamed', targetType: 'citizen', targetId: request.params.id })
    return { id: request.params.id, displayName }
  })

  app.post<{ Params: { id: string } }>('/api/citizen-merges/:id/undo', agent, async (request) => undoMerge(db, request.params.id, request.agent!.id))
}
