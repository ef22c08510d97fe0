// Services' queues (issue 18): each agent may belong to one service; the inbox opens on its queue.
// PUT /api/agents/:id/service {"serviceCode": "voirie" | null} (administrators).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { recordAudit } from '../db/audit-log.ts'
import { serviceExists, setAgentService } from '../db/inbox-reference-data.ts'
import { AppError } from '../errors.ts'
import { errors, IdParams, Nullable, TAGS } from '../http/schemas.ts'

const ServiceCode = Nullable(Type.String({ description: 'A service code, or null: no service' }))

export const serviceQueueRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.put('/api/agents/:id/service', {
    preValidation: requireRole('admin'),
    schema: { summary: 'The service whose queue an agent works (administrators)', tags: [TAGS.admin], params: IdParams, body: Type.Object({ serviceCode: ServiceCode }), response: { 200: Type.Object({ id: Type.String(), serviceCode: ServiceCode }), ...errors } },
  }, async (request) => {
    const code = request.body.serviceCode
    if (code !== null && !(await serviceExists(store, code))) throw new AppError('validation_failed', `No service "${code}"`)
    if (!await setAgentService(store, request.params.id, code)) throw new AppError('not_found', 'No such account')
    await recordAudit(store, { actorId: request.agent!.id, action: 'agent.service_changed', targetType: 'agent', targetId: request.params.id, detail: { serviceCode: code } })
    return { id: request.params.id, serviceCode: code }
  })
}
