// RGPD endpoints for the town's staff: export (manager), erasure preview and erasure (admin).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { exportCitizen } from './citizen-export.ts'
import { eraseCitizen, previewErasure } from './citizen-erasure.ts'
import { findCitizenErasure } from '../db/personal-data.ts'
import { recordAudit } from '../db/audit-log.ts'

import { AnyObject, errors, IdParams, TAGS } from '../http/schemas.ts'

const Preview = AnyObject('What would be erased, counted')

export const privacyRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  async function existing (id: string) {
    const citizen = await findCitizenErasure(store, id)
    if (!citizen) throw new AppError('not_found', `Citizen ${id} not found`)
    return citizen
  }

  app.get('/api/citizens/:id/export', {
    preValidation: requireRole('manager'),
    schema: { summary: 'Everything held on a citizen (RGPD access), managers; audited', tags: [TAGS.managers], params: IdParams, response: { 200: AnyObject('The citizen, identities, conversations, messages and tickets'), ...errors } },
  }, async (request, reply) => {
    await existing(request.params.id)
    const data = await exportCitizen(store, request.params.id)
    await recordAudit(store, { actorId: request.agent!.id, action: 'citizen.exported', targetType: 'citizen', targetId: request.params.id })
    return reply.header('content-disposition', `attachment; filename="citizen-${request.params.id}.json"`).send(data)
  })

  app.get('/api/citizens/:id/erasure', {
    preValidation: requireRole('admin'),
    schema: { summary: 'Preview of an erasure (RGPD), administrators', tags: [TAGS.admin], params: IdParams, response: { 200: Type.Object({ citizenId: Type.String(), alreadyErased: Type.Boolean(), willErase: Preview }), ...errors } },
  }, async (request) => {
    const citizen = await existing(request.params.id)
    return { citizenId: citizen.id, alreadyErased: Boolean(citizen.erasedAt), willErase: await previewErasure(store, citizen.id) }
  })

  app.post('/api/citizens/:id/erasure', {
    preValidation: requireRole('admin'),
    schema: {
      summary: 'Erase a citizen (RGPD), administrators',
      tags: [TAGS.admin],
      params: IdParams,
      body: Type.Object({ confirm: Type.Optional(Type.Boolean({ description: 'true, after reading the preview (GET the same URL)' })) }),
      response: { 200: Type.Object({ citizenId: Type.String(), erased: AnyObject('What was erased, counted') }), ...errors },
    },
  }, async (request) => {
    const citizen = await existing(request.params.id)
    if (request.body.confirm !== true) throw new AppError('validation_failed', 'Send {"confirm": true} after reading the preview (GET the same URL)')
    if (citizen.erasedAt) throw new AppError('conflict', 'This citizen was already erased')
    return { citizenId: citizen.id, erased: await eraseCitizen(store, citizen.id, { kind: 'agent', id: request.agent!.id }) }
  })
}
