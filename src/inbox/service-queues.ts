// Services' queues (issue 18): each agent may belong to one service; the inbox opens on its queue.
// PUT /api/agents/:id/service {"serviceCode": "voirie" | null} (administrators).
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { recordAudit } from '../auth/audit.ts'
import { AppError } from '../errors.ts'

export const serviceQueueRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  app.put<{ Params: { id: string }, Body: { serviceCode?: unknown } }>('/api/agents/:id/service', { preHandler: requireRole('admin') }, async (request) => {
    const code = request.body?.serviceCode
    if (code !== null && typeof code !== 'string') throw new AppError('validation_failed', 'Field "serviceCode" must be a service code or null')
    if (code !== null && !(await db.municipalService.findUnique({ where: { code } }))) throw new AppError('validation_failed', `No service "${code}"`)
    const { count } = await db.agent.updateMany({ where: { id: request.params.id }, data: { serviceCode: code } })
    if (!count) throw new AppError('not_found', 'No such account')
    await recordAudit(db, { actorId: request.agent!.id, action: 'agent.service_changed', targetType: 'agent', targetId: request.params.id, detail: { serviceCode: code } })
    return { id: request.params.id, serviceCode: code }
  })
}
