// GET /api/town/unanswered?from=&to= (managers): the questions the assistant did not understand,
// grouped by similarity with counts and examples. POST /api/town/unanswered/:group/faq
// (administrators, like POST /api/town/faq): an FAQ entry from a group, its examples as the
// questions unless the body gives them; it goes through POST /api/town/faq (validation, audit,
// visible to conversations at once). POST /api/town/unanswered/:group/proposal (managers, one
// click): only administrators write town data (issue 15), so a manager proposes the group to them
// as an inactive entry with the group's questions, which an administrator completes and activates
// on /admin; audited, once per group.
import { randomBytes } from 'node:crypto'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { recordAudit } from '../db/audit-log.ts'
import { createFaqEntry, nextFaqPosition } from '../db/town-faq-entries.ts'
import { requireRole } from '../auth/guard.ts'
import { badRequest, notFound } from '../errors.ts'
import type { RouteDeps } from '../http/route-deps.ts'
import type { TownData } from '../answerer.ts'
import { groupView, PROPOSAL_TAG, proposalsOf, readWindow, unansweredGroups, type Window } from './unanswered.ts'

import { AnyObject, errors, ObjectCheckedByHandler, TAGS } from '../http/schemas.ts'

const MAX_QUESTIONS_FROM_GROUP = 10
/** The answer of a proposed entry until an administrator writes it (it is inactive meanwhile). */
const DRAFT_ANSWER = { fr: 'Réponse à rédiger par un administrateur (proposition depuis les questions sans réponse).', en: 'Answer to be written by an administrator (proposed from the unanswered questions).' }
const WindowQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'YYYY-MM-DD (default: 30 days before to)' })),
  to: Type.Optional(Type.String({ description: 'YYYY-MM-DD, inclusive (default: now)' })),
})

export const unansweredRoutes: FastifyPluginAsyncTypebox<RouteDeps & { townData: TownData }> = async (app, { store, townData }) => {
  const window = (query: { from?: string, to?: string }): Window => {
    const w = readWindow(query)
    if (typeof w === 'string') throw badRequest(w)
    return w
  }

  app.get('/api/town/unanswered', {
    preValidation: requireRole('manager'),
    schema: {
      summary: 'Questions the assistant did not understand, grouped by similarity with counts and examples (managers)',
      tags: [TAGS.town],
      querystring: WindowQuery,
      response: { 200: Type.Object({ from: Type.String(), to: Type.String(), total: Type.Integer(), canCreate: Type.Boolean({ description: 'Whether the caller may create entries (administrators); managers propose' }), groups: Type.Array(AnyObject('A group: its id, count, examples and proposal, if any')) }), ...errors },
    },
  }, async (request) => {
    const w = window(request.query)
    const { total, groups } = await unansweredGroups(store, w, await townData.faqEntries())
    const proposals = await proposalsOf(store, groups)
    // What the caller may do with a group: create the entry (administrators) or propose it (managers).
    return { from: w.from.toISOString(), to: w.to.toISOString(), total, canCreate: request.agent?.role === 'admin', groups: groups.map(g => groupView(g, proposals.get(g.id))) }
  })

  app.post('/api/town/unanswered/:group/proposal', {
    preValidation: requireRole('manager'),
    schema: {
      summary: 'Propose a group of unanswered questions to the administrators as an inactive FAQ entry → 201 {id}, or 200 when proposed already (managers)',
      tags: [TAGS.town],
      params: Type.Object({ group: Type.String({ description: 'A group id of GET /api/town/unanswered' }) }),
      querystring: WindowQuery,
      response: { 201: Type.Object({ id: Type.String() }), 200: Type.Object({ id: Type.String(), proposedAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' }) }), ...errors },
    },
  }, async (request, reply) => {
    const { groups } = await unansweredGroups(store, window(request.query), await townData.faqEntries())
    const group = groups.find(g => g.id === request.params.group)
    if (group === undefined) throw notFound('No such group of unanswered questions in this period')
    // Proposed already (a second click, another manager): the same draft, not a second one.
    const existing = (await proposalsOf(store, [group])).get(group.id)
    if (existing !== undefined) return reply.code(200).send({ id: existing.id, proposedAt: existing.at })
    const questionsOf = (lang: 'fr' | 'en') => [...new Set(group.members.filter(m => m.lang === lang).map(m => m.text.trim()))].slice(0, MAX_QUESTIONS_FROM_GROUP)
    const id = `proposition-${randomBytes(6).toString('hex')}`
    const position = await nextFaqPosition(store)
    // Inactive: the assistant never uses it until an administrator writes the answer and activates it.
    // Still a valid entry (a French question, an answer), so that the town file exports and imports
    // again with it: a group asked only in English gives its questions as the French ones too.
    const fr = questionsOf('fr')
    const en = questionsOf('en')
    await createFaqEntry(store, id, {
      questions: JSON.stringify({ fr: fr.length > 0 ? fr : en, en }), answerFr: DRAFT_ANSWER.fr, answerEn: DRAFT_ANSWER.en, link: null,
      tags: JSON.stringify([PROPOSAL_TAG]), active: false, redirectName: null, redirectContact: null, position,
    })
    await recordAudit(store, { actorId: request.agent?.id, action: 'town.faq.propose', targetType: 'faq', targetId: id, detail: { group: group.id, count: group.count } })
    return reply.code(201).send({ id })
  })

  app.post('/api/town/unanswered/:group/faq', {
    preValidation: requireRole('admin'),
    schema: {
      summary: 'An FAQ entry from a group of unanswered questions → 201 {id} (administrators)',
      description: 'The group\'s messages become the questions unless the body gives them; validated, audited and answered in conversations like POST /api/town/faq.',
      tags: [TAGS.town],
      params: Type.Object({ group: Type.String({ description: 'A group id of GET /api/town/unanswered' }) }),
      querystring: WindowQuery,
      body: ObjectCheckedByHandler('An FAQ entry, checked as by POST /api/town/faq', { answer: '{fr, en}, required', link: 'URL', tags: 'string[]', questions: '{fr: string[], en: string[]}' }),
      // The answer is POST /api/town/faq's, passed on as it came (text).
      response: { 201: Type.Unsafe<unknown>(Type.Object({ id: Type.String() })), ...errors },
    },
  }, async (request, reply) => {
    const body = request.body
    const { groups } = await unansweredGroups(store, window(request.query), await townData.faqEntries())
    const group = groups.find(g => g.id === request.params.group)
    if (group === undefined) throw notFound('No such group of unanswered questions in this period')
    const questionsOf = (lang: 'fr' | 'en') => [...new Set(group.members.filter(m => m.lang === lang).map(m => m.text.trim()))].slice(0, MAX_QUESTIONS_FROM_GROUP)
    const entry = { questions: { fr: questionsOf('fr'), en: questionsOf('en') }, ...body }
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    for (const name of ['authorization', 'cookie', 'x-csrf-token']) {
      const value = request.headers[name]
      if (typeof value === 'string') headers[name] = value
    }
    const created = await app.inject({ method: 'POST', url: '/api/town/faq', headers, payload: JSON.stringify(entry) })
    return reply.code(created.statusCode).type('application/json; charset=utf-8').send(created.body)
  })
}
