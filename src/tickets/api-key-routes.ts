// /api/api-keys: administrators hand out and revoke the Open311 api_key of each integrator.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { createApiKey } from './api-keys.ts'
import { findApiKeyById, listApiKeys, revokeApiKey } from '../db/open311-keys.ts'
import { requiredText } from './read-body.ts'
import { DateTime, Described, errors, IdParams, Nullable, TAGS } from '../http/schemas.ts'

const KeyRow = Described({ id: Type.String(), name: Type.String(), revokedAt: Nullable(DateTime()) }, 'An Open311 key, never the key itself')

export const apiKeyRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.post('/api/api-keys', {
    preValidation: requireRole('admin'),
    schema: { summary: 'A new Open311 api_key, shown once', tags: [TAGS.admin], body: Type.Object({ name: Type.String({ description: 'Who the key is for (at most 200 characters)' }) }), response: { 201: Described({ id: Type.String(), key: Type.String() }, 'The key, shown in this answer only'), ...errors } },
  }, async (request, reply) => {
    const name = requiredText(request.body, 'name', 200)
    // The key is in this answer only: it is stored hashed and can never be shown again.
    return reply.code(201).send(await createApiKey(store, name, request.agent!.id))
  })

  app.get('/api/api-keys', { preValidation: requireRole('admin'), schema: { summary: 'Open311 keys (never the key itself)', tags: [TAGS.admin], response: { 200: Type.Object({ apiKeys: Type.Array(KeyRow) }), ...errors } } }, async () => {
    return { apiKeys: await listApiKeys(store) }
  })

  app.delete('/api/api-keys/:id', { preValidation: requireRole('admin'), schema: { summary: 'Revoke an Open311 key', tags: [TAGS.admin], params: IdParams, response: { 200: KeyRow, ...errors } } }, async (request) => {
    const key = await findApiKeyById(store, request.params.id)
    if (!key) throw new AppError('not_found', `API key ${request.params.id} not found`)
    const revokedAt = key.revokedAt ?? new Date()
    if (!key.revokedAt) {
      await revokeApiKey(store, key.id, revokedAt, request.agent!.id)
    }
    return { id: key.id, name: key.name, revokedAt }
  })
}
