// /api/broadcasts, /api/alert-topics, agents' subscription changes, and the public one-click
// unsubscribe (issue 20). Managers send; agents change a citizen's subscriptions at their request.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { optionalText } from '../tickets/read-body.ts'
import type { Broadcaster } from './broadcaster.ts'
import { broadcastStatus, listBroadcasts } from './broadcast-status.ts'
import { listAlertTopics } from './topics.ts'
import { readBroadcastInput, optionalBoolean } from './read-input.ts'
import { changeSubscriptionNow, subscriptionsOfCitizen, subscriptionsOfIdentity } from '../db/alert-subscriptions.ts'
import { alertTopicRows, findAlertTopic } from '../db/alert-topics.ts'
import { recordAudit } from '../db/audit-log.ts'
import { unsubscribePages } from './unsubscribe-routes.ts'
import { AnyObject, DateTime, errors, IdParams, Nullable, OptionalText, TAGS } from '../http/schemas.ts'
import { BroadcastBody, OptionalBoolean } from './schemas.ts'

const tags = [TAGS.managers]
const Broadcast = AnyObject('A broadcast and where its sending stands')
const status = (summary: string) => ({ summary, tags, params: IdParams, response: { 200: Broadcast, ...errors } })

export type AlertRouteDeps = RouteDeps & { broadcaster: Broadcaster }

export const alertRoutes: FastifyPluginAsyncTypebox<AlertRouteDeps> = async (app, deps) => {
  const { store, broadcaster } = deps
  const audit = (agentId: string, action: string, targetType: string, targetId: string, detail?: Record<string, unknown>) =>
    recordAudit(store, { actorKind: 'agent', actorId: agentId, action, targetType, targetId, detail })

  app.get('/api/alert-topics', {
    preValidation: requireRole('agent'),
    schema: { summary: 'The alert topics citizens subscribe to', tags: [TAGS.agents], response: { 200: Type.Object({ topics: Type.Array(AnyObject('A topic with its names and subscribers')) }), ...errors } },
  }, async () => ({ topics: await listAlertTopics(store) }))

  app.post('/api/broadcasts/preview', {
    preValidation: requireRole('manager'),
    schema: { summary: 'How many citizens a broadcast would reach, by channel, and its texts (nothing is sent)', tags, body: BroadcastBody, response: { 200: AnyObject('Recipients by channel and the texts'), ...errors } },
  }, async (request) => {
    return broadcaster.preview(readBroadcastInput(request.body))
  })

  app.post('/api/broadcasts', {
    preValidation: requireRole('manager'),
    schema: { summary: 'Send an alert to a topic\'s subscribers (now or at sendAt)', tags, body: BroadcastBody, response: { 201: Broadcast, ...errors } },
  }, async (request, reply) => {
    const created = await broadcaster.create(readBroadcastInput(request.body, request.agent!.id))
    await audit(request.agent!.id, 'broadcast.created', 'broadcast', created.id, { recipients: created.recipients })
    return reply.code(201).send(created)
  })

  app.get('/api/broadcasts', { preValidation: requireRole('manager'), schema: { summary: 'Broadcasts, newest first', tags, response: { 200: Type.Object({ broadcasts: Type.Array(Broadcast) }), ...errors } } }, async () => ({ broadcasts: await listBroadcasts(store) }))

  app.get('/api/broadcasts/:id', { preValidation: requireRole('manager'), schema: status('A broadcast: sent, failed, pending by channel') }, async (request) => broadcastStatus(store, request.params.id))

  app.post('/api/broadcasts/:id/cancel', { preValidation: requireRole('manager'), schema: status('Cancel what is not sent yet') }, async (request) => {
    const { cancelled } = await broadcaster.cancel(request.params.id)
    await audit(request.agent!.id, 'broadcast.cancelled', 'broadcast', request.params.id, { cancelled })
    return { ...(await broadcastStatus(store, request.params.id)), cancelledNow: cancelled }
  })

  // An agent records a citizen's choice at their request (issue 20: « or in /inbox by an agent »).
  app.get('/api/identities/:id/alerts', {
    preValidation: requireRole('agent'),
    schema: { summary: 'A citizen identity\'s alert subscriptions', tags: [TAGS.agents], params: IdParams, response: { 200: Type.Object({ subscriptions: Type.Array(Type.Object({ topic: Type.String(), zone: Nullable(Type.String()), since: DateTime() })) }), ...errors } },
  }, async (request) => {
    const subscriptions = await subscriptionsOfIdentity(store, request.params.id)
    if (!subscriptions) throw new AppError('not_found', 'No such identity')
    return { subscriptions: subscriptions.map(s => ({ topic: s.topic, zone: s.zone, since: s.createdAt })) }
  })

  // The inbox's citizen pane: every subscription of every identity of the citizen, with the topic's name.
  app.get('/api/citizens/:id/alerts', {
    preValidation: requireRole('agent'),
    schema: {
      summary: 'A citizen\'s alert subscriptions on all their identities, with the topics\' names (the inbox\'s citizen pane)',
      tags: [TAGS.agents],
      params: IdParams,
      response: { 200: Type.Object({ subscriptions: Type.Array(AnyObject('A subscription: identity, topic and its names, zone, since')) }), ...errors },
    },
  }, async (request) => {
    const identities = await subscriptionsOfCitizen(store, request.params.id)
    if (!identities) throw new AppError('not_found', 'No such citizen')
    const topics = new Map((await alertTopicRows(store)).map(t => [t.code, { fr: t.nameFr, en: t.nameEn }]))
    return {
      subscriptions: identities.flatMap(i => i.alertSubscriptions.map(s => ({
        identityId: i.id, kind: i.kind, value: i.value, topic: s.topic, topicName: topics.get(s.topic) ?? { fr: s.topic, en: s.topic }, zone: s.zone, since: s.createdAt,
      }))),
    }
  })

  app.post('/api/identities/:id/alerts', {
    preValidation: requireRole('agent'),
    schema: {
      summary: 'Subscribe or unsubscribe a citizen identity at their request',
      tags: [TAGS.agents],
      params: IdParams,
      body: Type.Object({ topic: OptionalText('An alert topic code (required)'), subscribe: OptionalBoolean('true or false (required)'), zone: OptionalText('A zone of the topic') }),
      response: { 200: Type.Object({ topic: Type.String(), subscribed: Type.Boolean(), changed: Type.Boolean() }), ...errors },
    },
  }, async (request) => {
    const body = request.body
    const topic = optionalText(body, 'topic', 40)
    const subscribe = optionalBoolean(body, 'subscribe')
    if (!topic || subscribe === undefined) throw new AppError('validation_failed', 'Fields "topic" and "subscribe" (true/false) are required')
    if (!await findAlertTopic(store, topic)) throw new AppError('validation_failed', `Unknown alert topic "${topic}"`)
    const identityId = request.params.id
    if (!await subscriptionsOfIdentity(store, identityId)) throw new AppError('not_found', 'No such identity')
    const zone = optionalText(body, 'zone', 200)
    const result = await changeSubscriptionNow(store, { identityId, topic, subscribe, zone, via: 'agent', agentId: request.agent!.id, now: new Date() })
    await audit(request.agent!.id, subscribe ? 'alerts.subscribed' : 'alerts.unsubscribed', 'identity', identityId, { topic })
    return { topic, subscribed: subscribe, changed: result.changed }
  })

  await app.register(unsubscribePages, deps)
}
