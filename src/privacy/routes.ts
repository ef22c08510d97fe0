// RGPD endpoints for the town's staff: export (manager), erasure preview and erasure (admin).
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { exportCitizen } from './citizen-export.ts'
import { eraseCitizen, previewErasure } from './citizen-erasure.ts'

type Params = { Params: { id: string } }

export const privacyRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  async function existing (id: string) {
    const citizen = await db.citizen.findUnique({ where: { id }, select: { id: true, erasedAt: true } })
    if (!citizen) throw new AppError('not_found', `Citizen ${id} not found`)
    return citizen
  }

  app.get<Params>('/api/citizens/:id/export', { preValidation: requireRole('manager') }, async (request, reply) => {
    await existing(request.params.id)
    const data = await exportCitizen(db, request.params.id)
    await db.auditEvent.create({ data: { actorKind: 'agent', actorId: request.agent!.id, action: 'citizen.exported', targetType: 'citizen', targetId: request.params.id } })
    return reply.header('content-disposition', `attachment; filename="citizen-${request.params.id}.json"`).send(data)
  })

  app.get<Params>('/api/citizens/:id/erasure', { preValidation: requireRole('admin') }, async (request) => {
    const citizen = await existing(request.params.id)
    return { citizenId: citizen.id, alreadyErased: Boolean(citizen.erasedAt), willErase: await previewErasure(db, citizen.id) }
  })

  app.post<Params & { Body: { confirm?: unknown } }>('/api/citizens/:id/erasure', { preValidation: requireRole('admin') }, async (request) => {
    const citizen = await existing(request.params.id)
    if (request.body?.confirm !== true) throw new AppError('validation_failed', 'Send {"confirm": true} after reading the preview (GET the same URL)')
    if (citizen.erasedAt) throw new AppError('conflict', 'This citizen was already erased')
    return { citizenId: citizen.id, erased: await eraseCitizen(db, citizen.id, { kind: 'agent', id: request.agent!.id }) }
  })
}
