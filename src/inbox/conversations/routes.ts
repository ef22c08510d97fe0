// /api/conversations: the list, one conversation, and what agents do to it. Every change is
// pushed to the other inbox pages (core.live) so two agents see each other's actions.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { AppError } from '../../errors.ts'
import { conversationDetail, listConversations, listCounts, parseListFilters } from './queries.ts'
import { addNote, assign, handBack, reply, resend, takeOver, validText, type Actor } from './actions.ts'

type IdParams = { Params: { id: string } }
type TextBody = { Body: { text?: unknown } }

export const conversationRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, core, provider, config }) => {
  const agent = { preHandler: requireRole('agent') }
  const actorOf = (request: FastifyRequest): Actor => ({ id: request.agent!.id, role: request.agent!.role })
  const changed = (conversationId: string, reason: string, agentId: string) => {
    core.live.emit('conversation', { conversationId, reason, agentId })
  }

  app.get('/api/conversations', agent, async (request) => {
    const filters = parseListFilters(request.query as Record<string, unknown>)
    return { conversations: await listConversations(db, provider, filters, request.agent!.id, { overdueSeconds: config.inboxOverdueMinutes * 60 }) }
  })

  app.get('/api/conversations/counts', agent, async (request) => {
    const filters = parseListFilters(request.query as Record<string, unknown>)
    return { counts: await listCounts(db, filters, request.agent!.id) }
  })

  app.get<IdParams>('/api/conversations/:id', agent, async (request) => conversationDetail(db, request.params.id))

  app.post<IdParams>('/api/conversations/:id/takeover', agent, async (request) => {
    const result = await takeOver(db, request.params.id, actorOf(request))
    if (result.changed) { core.outbox.wake(); changed(request.params.id, 'takeover', request.agent!.id) }
    return { ok: true, ...result }
  })

  app.post<IdParams>('/api/conversations/:id/handback', agent, async (request) => {
    const result = await handBack(db, request.params.id, actorOf(request))
    if (result.changed) { core.outbox.wake(); changed(request.params.id, 'handback', request.agent!.id) }
    return { ok: true, ...result }
  })

  app.post<IdParams & TextBody>('/api/conversations/:id/messages', agent, async (request, res) => {
    const message = await reply(db, request.params.id, actorOf(request), validText(request.body?.text))
    core.outbox.wake()
    changed(request.params.id, 'agent_reply', request.agent!.id)
    return res.code(201).send({ messageId: message.id, deliveryStatus: message.deliveryStatus })
  })

  app.post<IdParams & TextBody>('/api/conversations/:id/notes', agent, async (request, res) => {
    const note = await addNote(db, request.params.id, actorOf(request), validText(request.body?.text))
    changed(request.params.id, 'note', request.agent!.id)
    return res.code(201).send({ messageId: note.id })
  })

  app.post<IdParams & { Body: { agentId?: unknown } }>('/api/conversations/:id/assign', agent, async (request) => {
    await assign(db, request.params.id, actorOf(request), request.body?.agentId)
    changed(request.params.id, 'assigned', request.agent!.id)
    return { ok: true }
  })

  app.post<{ Params: { id: string, messageId: string } }>('/api/conversations/:id/messages/:messageId/resend', agent, async (request) => {
    if (!/^\d{1,15}$/.test(request.params.messageId)) throw new AppError('validation_failed', 'The message id must be a number')
    await resend(db, request.params.id, Number(request.params.messageId), actorOf(request))
    core.outbox.wake()
    changed(request.params.id, 'resend', request.agent!.id)
    return { ok: true }
  })
}
