// /api/conversations: the list, one conversation, and what agents do to it. Every change is
// pushed to the other inbox pages (core.live) so two agents see each other's actions.
import type { FastifyRequest } from 'fastify'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { conversationDetail, listConversations, listCounts, parseListFilters } from './queries.ts'
import { addNote, assign, handBack, MAX_REPLY_LENGTH, reply, resend, takeOver, validText, type Actor } from './actions.ts'
import { AnyObject, Described, errors, IdParams, Nullable, TAGS } from '../../http/schemas.ts'

const tags = [TAGS.agents]
const Filters = Type.Object({
  status: Type.Optional(Type.String({ description: 'open | closed | needs_human | mine | all' })),
  channel: Type.Optional(Type.String({ description: 'webchat | twilio | email | botframework' })),
  service: Type.Optional(Type.String({ description: 'A service code: its queue' })),
  q: Type.Optional(Type.String({ description: 'Text search (at most 200 characters)' })),
})
const Ok = Described({ ok: Type.Boolean() }, 'Done; takeover and handback also say whether anything changed')
const TextBody = Type.Object({ text: Type.String({ description: `Not blank; longer than ${MAX_REPLY_LENGTH} characters: 413` }) })
const action = (summary: string) => ({ summary, tags, params: IdParams, response: { 200: Ok, ...errors } })

export const conversationRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, core, provider, config }) => {
  const agent = { preValidation: requireRole('agent') }
  const actorOf = (request: FastifyRequest): Actor => ({ id: request.agent!.id, role: request.agent!.role })
  const changed = (conversationId: string, reason: string, agentId: string) => {
    core.live.emit('conversation', { conversationId, reason, agentId })
  }

  app.get('/api/conversations', { ...agent, schema: { summary: 'Conversations, newest first', tags, querystring: Filters, response: { 200: Type.Object({ conversations: Type.Array(AnyObject('A conversation row')) }), ...errors } } }, async (request) => {
    const filters = parseListFilters(request.query)
    return { conversations: await listConversations(store, provider, filters, request.agent!.id, { overdueSeconds: config.inboxOverdueMinutes * 60 }) }
  })

  app.get('/api/conversations/counts', { ...agent, schema: { summary: 'How many conversations each status filter would show', tags, querystring: Filters, response: { 200: Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) }), ...errors } } }, async (request) => {
    const filters = parseListFilters(request.query)
    return { counts: await listCounts(store, filters, request.agent!.id) }
  })

  app.get('/api/conversations/:id', { ...agent, schema: { summary: 'A conversation with its messages', tags, params: IdParams, response: { 200: AnyObject('The conversation, its citizen, messages and tickets'), ...errors } } }, async (request) => conversationDetail(store, request.params.id))

  app.post('/api/conversations/:id/takeover', { ...agent, schema: action('An agent takes the conversation: the assistant stops answering') }, async (request) => {
    const result = await takeOver(store, request.params.id, actorOf(request))
    if (result.changed) { core.outbox.wake(); changed(request.params.id, 'takeover', request.agent!.id) }
    return { ok: true, ...result }
  })

  app.post('/api/conversations/:id/handback', { ...agent, schema: action('The assistant answers again') }, async (request) => {
    const result = await handBack(store, request.params.id, actorOf(request))
    if (result.changed) { core.outbox.wake(); changed(request.params.id, 'handback', request.agent!.id) }
    return { ok: true, ...result }
  })

  app.post('/api/conversations/:id/messages', {
    ...agent,
    schema: { summary: 'Send a message to the citizen on the conversation\'s channel', tags, params: IdParams, body: TextBody, response: { 201: Type.Object({ messageId: Type.Integer(), deliveryStatus: Nullable(Type.String()) }), ...errors } },
  }, async (request, res) => {
    const message = await reply(store, request.params.id, actorOf(request), validText(request.body.text))
    core.outbox.wake()
    changed(request.params.id, 'agent_reply', request.agent!.id)
    return res.code(201).send({ messageId: message.id, deliveryStatus: message.deliveryStatus })
  })

  app.post('/api/conversations/:id/notes', {
    ...agent,
    schema: { summary: 'An internal note on the conversation', tags, params: IdParams, body: TextBody, response: { 201: Type.Object({ messageId: Type.Integer() }), ...errors } },
  }, async (request, res) => {
    const note = await addNote(store, request.params.id, actorOf(request), validText(request.body.text))
    changed(request.params.id, 'note', request.agent!.id)
    return res.code(201).send({ messageId: note.id })
  })

  app.post('/api/conversations/:id/assign', { ...agent, schema: { ...action('Assign the conversation to an agent'), body: Type.Object({ agentId: Type.String({ description: 'An active agent' }) }) } }, async (request) => {
    await assign(store, request.params.id, actorOf(request), request.body.agentId)
    changed(request.params.id, 'assigned', request.agent!.id)
    return { ok: true }
  })

  app.post('/api/conversations/:id/messages/:messageId/resend', {
    ...agent,
    schema: { ...action('Send a failed message again'), params: Type.Object({ id: Type.String(), messageId: Type.String({ pattern: String.raw`^\d{1,15}$`, description: 'A message id (a number)' }) }) },
  }, async (request) => {
    await resend(store, request.params.id, Number(request.params.messageId), actorOf(request))
    core.outbox.wake()
    changed(request.params.id, 'resend', request.agent!.id)
    return { ok: true }
  })
}
