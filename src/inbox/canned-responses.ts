// Canned responses in French and English: administrators manage them, agents use them.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { recordAudit } from '../auth/audit.ts'
import { AppError } from '../errors.ts'

type Body = { title?: unknown, lang?: unknown, text?: unknown }

function parse (body: Body | undefined, partial: boolean) {
  const out: { title?: string, lang?: string, text?: string } = {}
  const field = (name: keyof Body, max: number) => {
    const value = body?.[name]
    if (value === undefined && partial) return
    if (typeof value !== 'string' || !value.trim() || value.length > max) throw new AppError('validation_failed', `Field "${name}" is required (at most ${max} characters)`)
    out[name] = value.trim()
  }
  field('title', 120)
  field('text', 4000)
  if (body?.lang !== undefined || !partial) {
    if (body?.lang !== 'fr' && body?.lang !== 'en') throw new AppError('validation_failed', 'Field "lang" must be fr or en')
    out.lang = body.lang
  }
  return out
}

export const cannedResponseRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  app.get<{ Querystring: { lang?: string } }>('/api/canned-responses', { preHandler: requireRole('agent') }, async (request) => {
    const lang = request.query.lang
    const where = lang === 'fr' || lang === 'en' ? { lang } : {}
    return { cannedResponses: await db.cannedResponse.findMany({ where, orderBy: [{ lang: 'asc' }, { title: 'asc' }] }) }
  })

  app.post<{ Body: Body }>('/api/canned-responses', { preHandler: requireRole('admin') }, async (request, reply) => {
    const data = parse(request.body, false) as { title: string, lang: string, text: string }
    const created = await db.cannedResponse.create({ data })
    await recordAudit(db, { actorId: request.agent!.id, action: 'canned_response.created', targetType: 'canned_response', targetId: created.id })
    return reply.code(201).send(created)
  })

  app.patch<{ Params: { id: string }, Body: Body }>('/api/canned-responses/:id', { preHandler: requireRole('admin') }, async (request) => {
    const data = parse(request.body, true)
    const { count } = await db.cannedResponse.updateMany({ where: { id: request.params.id }, data })
    if (!count) throw new AppError('not_found', 'No such canned response')
    await recordAudit(db, { actorId: request.agent!.id, action: 'canned_response.updated', targetType: 'canned_response', targetId: request.params.id })
    return db.cannedResponse.findUniqueOrThrow({ where: { id: request.params.id } })
  })

  app.delete<{ Params: { id: string } }>('/api/canned-responses/:id', { preHandler: requireRole('admin') }, async (request) => {
    const { count } = await db.cannedResponse.deleteMany({ where: { id: request.params.id } })
    if (!count) throw new AppError('not_found', 'No such canned response')
    await recordAudit(db, { actorId: request.agent!.id, action: 'canned_response.deleted', targetType: 'canned_response', targetId: request.params.id })
    return { ok: true }
  })
}
