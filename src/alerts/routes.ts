// /api/broadcasts, /api/alert-topics, agents' subscription changes, and the public one-click
// unsubscribe (issue 20). Managers send; agents change a citizen's subscriptions at their request.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { asBody, optionalText } from '../tickets/read-body.ts'
import type { Broadcaster } from './broadcaster.ts'
import { broadcastStatus, listBroadcasts } from './broadcast-status.ts'
import { listAlertTopics } from './topics.ts'
import { readBroadcastInput, optionalBoolean } from './read-input.ts'
import { changeSubscription } from '../db/alert-subscriptions.ts'
import { unsubscribePages } from './unsubscribe-routes.ts'

export type AlertRouteDeps = RouteDeps & { broadcaster: Broadcaster }

export const alertRoutes: FastifyPluginAsync<AlertRouteDeps> = async (app, deps) => {
  const { db, broadcaster } = deps
  const audit = (agentId: string, action: string, targetType: string, targetId: string, detail?: unknown) =>
    db.auditEvent.create({ data: { actorKind: 'agent', actorId: agentId, action, targetType, targetId, detail: detail === undefined ? null : JSON.stringify(detail) } })

  app.get('/api/alert-topics', { preValidation: requireRole('agent') }, async () => ({ topics: await listAlertTopics(db) }))

  app.post('/api/broadcasts/preview', { preValidation: requireRole('manager') }, async (request) => {
    return broadcaster.preview(readBroadcastInput(request.body))
  })

  app.post('/api/broadcasts', { preValidation: requireRole('manager') }, async (request, reply) => {
    const created = await broadcaster.create(readBroadcastInput(request.body, request.agent!.id))
    await audit(request.agent!.id, 'broadcast.created', 'broadcast', created.id, { recipients: created.recipients })
    return reply.code(201).send(created)
  })

  app.get('/api/broadcasts', { preValidation: requireRole('manager') }, async () => ({ broadcasts: await listBroadcasts(db) }))

  app.get<{ Params: { id: string } }>('/api/broadcasts/:id', { preValidation: requireRole('manager') }, async (request) => broadcastStatus(db, request.params.id))

  app.post<{ Params: { id: string } }>('/api/broadcasts/:id/cancel', { preValidation: requireRole('manager') }, async (request) => {
    const { cancelled } = await broadcaster.cancel(request.params.id)
    await audit(request.agent!.id, 'broadcast.cancelled', 'broadcast', request.params.id, { cancelled })
    return { ...(await broadcastStatus(db, request.params.id)), cancelledNow: cancelled }
  })

  // An agent records a citizen's choice at their request (issue 20: « or in /inbox by an agent »).
  app.get<{ Params: { id: string } }>('/api/identities/:id/alerts', { preValidation: requireRole('agent') }, async (request) => {
    const identity = await db.identity.findUnique({ where: { id: request.params.id }, include: { alertSubscriptions: true } })
    if (!identity) throw new AppError('not_found', 'No such identity')
    return { subscriptions: identity.alertSubscriptions.map(s => ({ topic: s.topic, zone: s.zone, since: s.createdAt })) }
  })

  app.post<{ Params: { id: string } }>('/api/identities/:id/alerts', { preValidation: requireRole('agent') }, async (request) => {
    const body = asBody(request.body)
    const topic = optionalText(body, 'topic', 40)
    const subscribe = optionalBoolean(body, 'subscribe')
    if (!topic || subscribe === undefined) throw new AppError('validation_failed', 'Fields "topic" and "subscribe" (true/false) are required')
    if (!await db.alertTopic.findUnique({ where: { code: topic } })) throw new AppError('validation_failed', `Unknown alert topic "${topic}"`)
    const identity = await db.identity.findUnique({ where: { id: request.params.id }, select: { id: true } })
    if (!identity) throw new AppError('not_found', 'No such identity')
    const zone = optionalText(body, 'zone', 200)
    const result = await db.$transaction(tx => changeSubscription(tx, { identityId: identity.id, topic, subscribe, zone, via: 'agent', agentId: request.agent!.id, now: new Date() }))
    await audit(request.agent!.id, subscribe ? 'alerts.subscribed' : 'alerts.unsubscribed', 'identity', identity.id, { topic })
    return { topic, subscribed: subscribe, changed: result.changed }
  })

  await app.register(unsubscribePages, deps)
}
