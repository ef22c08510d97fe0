// /api/api-keys: administrators hand out and revoke the Open311 api_key of each integrator.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { createApiKey } from './api-keys.ts'
import { asBody, requiredText } from './read-body.ts'

export const apiKeyRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  app.post('/api/api-keys', { preHandler: requireRole('admin') }, async (request, reply) => {
    const name = requiredText(asBody(request.body), 'name', 200)
    // The key is in this answer only: it is stored hashed and can never be shown again.
    return reply.code(201).send(await createApiKey(db, name, request.agent!.id))
  })

  app.get('/api/api-keys', { preHandler: requireRole('admin') }, async () => {
    const rows = await db.apiKey.findMany({ orderBy: { createdAt: 'desc' }, select: { id: true, name: true, createdAt: true, createdById: true, revokedAt: true } })
    return { apiKeys: rows }
  })

  app.delete<{ Params: { id: string } }>('/api/api-keys/:id', { preHandler: requireRole('admin') }, async (request) => {
    const key = await db.apiKey.findUnique({ where: { id: request.params.id } })
    if (!key) throw new AppError('not_found', `API key ${request.params.id} not found`)
    const revokedAt = key.revokedAt ?? new Date()
    if (!key.revokedAt) {
      await db.$transaction([
        db.apiKey.update({ where: { id: key.id }, data: { revokedAt } }),
        db.auditEvent.create({ data: { actorKind: 'agent', actorId: request.agent!.id, action: 'api_key.revoked', targetType: 'api_key', targetId: key.id } }),
      ])
    }
    return { id: key.id, name: key.name, revokedAt }
  })
}
