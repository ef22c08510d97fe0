// /api/citizens/:id (timeline), merges and their undo.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { citizenTimeline } from './timeline.ts'
import { mergeCitizens, undoMerge } from './merge.ts'
import { recordAudit } from '../../db/audit-log.ts'
import { renameCitizen } from '../../db/citizen-timeline.ts'
import { AppError } from '../../errors.ts'
import { cleanName } from '../../core/citizen-name.ts'
import { AnyObject, errors, IdParams, Nullable, TAGS } from '../../http/schemas.ts'

const tags = [TAGS.agents]

export const citizenRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  const agent = { preValidation: requireRole('agent') }

  app.get('/api/citizens/:id', { ...agent, schema: { summary: 'A citizen: identities and one timeline across channels', tags, params: IdParams, response: { 200: AnyObject('The citizen, their identities and timeline'), ...errors } } }, async (request) => citizenTimeline(store, request.params.id))

  app.post('/api/citizens/:id/merge', {
    ...agent,
    schema: { summary: 'Merge this citizen into another (audited, reversible)', tags, params: IdParams, body: Type.Object({ intoCitizenId: Type.String({ minLength: 1 }) }), response: { 201: AnyObject('The merge, with its id for undo'), ...errors } },
  }, async (request, reply) => {
    const result = await mergeCitizens(store, request.params.id, request.body.intoCitizenId, request.agent!.id)
    return reply.code(201).send(result)
  })

  // Agents correct or give the name a citizen is shown by (null: back to « Citoyen·ne 4F2A »).
  app.patch('/api/citizens/:id', {
    ...agent,
    schema: {
      summary: 'Correct or give the name a citizen is shown by (null: back to the default)',
      tags,
      params: IdParams,
      body: Type.Object({ displayName: Nullable(Type.String({ maxLength: 200, description: 'A name (kept to 80 characters) or null' })) }),
      response: { 200: Type.Object({ id: Type.String(), displayName: Nullable(Type.String()) }), ...errors },
    },
  }, async (request) => {
    const raw = request.body.displayName
    const displayName = raw === null ? null : cleanName(raw)
    if (displayName === undefined) throw new AppError('validation_failed', 'Field "displayName" must contain a name')
    if (!await renameCitizen(store, request.params.id, displayName)) throw new AppError('not_found', 'No such citizen')
    await recordAudit(store, { actorId: request.agent!.id, action: 'citizen.renamed', targetType: 'citizen', targetId: request.params.id })
    return { id: request.params.id, displayName }
  })

  app.post('/api/citizen-merges/:id/undo', { ...agent, schema: { summary: 'Undo a merge', tags, params: IdParams, response: { 200: AnyObject('The undone merge'), ...errors } } }, async (request) => undoMerge(store, request.params.id, request.agent!.id))
}
