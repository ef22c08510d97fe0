// Canned responses in French and English: administrators manage them, agents use them.
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { recordAudit } from '../db/audit-log.ts'
import { cannedResponse, createCannedResponse, deleteCannedResponse, listCannedResponses, updateCannedResponse } from '../db/canned-replies.ts'
import { AppError } from '../errors.ts'

import { DateTime, errors, IdParams, TAGS } from '../http/schemas.ts'

const Lang = Type.Union([Type.Literal('fr'), Type.Literal('en')])
const NewCanned = Type.Object({
  title: Type.String({ maxLength: 120, pattern: String.raw`\S`, description: 'Not blank' }),
  lang: Lang,
  text: Type.String({ maxLength: 4000, pattern: String.raw`\S`, description: 'Not blank' }),
})
const CannedChange = Type.Partial(NewCanned)
const Canned = Type.Object({ id: Type.String(), title: Type.String(), lang: Type.String(), text: Type.String(), createdAt: DateTime(), updatedAt: DateTime() })
const tags = [TAGS.admin]

/** Only the three fields, trimmed (the schema checked their types, lengths and values). */
const cleaned = (body: Static<typeof CannedChange>) => ({
  ...(body.title !== undefined ? { title: body.title.trim() } : {}),
  ...(body.lang !== undefined ? { lang: body.lang } : {}),
  ...(body.text !== undefined ? { text: body.text.trim() } : {}),
})

export const cannedResponseRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.get('/api/canned-responses', {
    preValidation: requireRole('agent'),
    schema: { summary: 'Canned responses', tags: [TAGS.agents], querystring: Type.Object({ lang: Type.Optional(Type.String({ description: 'fr | en; anything else: both' })) }), response: { 200: Type.Object({ cannedResponses: Type.Array(Canned) }), ...errors } },
  }, async (request) => {
    const lang = request.query.lang
    return { cannedResponses: await listCannedResponses(store, lang === 'fr' || lang === 'en' ? lang : undefined) }
  })

  app.post('/api/canned-responses', { preValidation: requireRole('admin'), schema: { summary: 'A new canned response', tags, body: NewCanned, response: { 201: Canned, ...errors } } }, async (request, reply) => {
    const data = cleaned(request.body) as Static<typeof NewCanned>
    const created = await createCannedResponse(store, data)
    await recordAudit(store, { actorId: request.agent!.id, action: 'canned_response.created', targetType: 'canned_response', targetId: created.id })
    return reply.code(201).send(created)
  })

  app.patch('/api/canned-responses/:id', { preValidation: requireRole('admin'), schema: { summary: 'Change a canned response', tags, params: IdParams, body: CannedChange, response: { 200: Canned, ...errors } } }, async (request) => {
    const data = cleaned(request.body)
    if (!await updateCannedResponse(store, request.params.id, data)) throw new AppError('not_found', 'No such canned response')
    await recordAudit(store, { actorId: request.agent!.id, action: 'canned_response.updated', targetType: 'canned_response', targetId: request.params.id })
    return cannedResponse(store, request.params.id)
  })

  app.delete('/api/canned-responses/:id', { preValidation: requireRole('admin'), schema: { summary: 'Delete a canned response', tags, params: IdParams, response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors } } }, async (request) => {
    if (!await deleteCannedResponse(store, request.params.id)) throw new AppError('not_found', 'No such canned response')
    await recordAudit(store, { actorId: request.agent!.id, action: 'canned_response.deleted', targetType: 'canned_response', targetId: request.params.id })
    return { ok: true }
  })
}
