// GET /api/town/unanswered?from=&to= (managers): the questions the assistant did not understand,
// grouped by similarity with counts and examples. POST /api/town/unanswered/:group/faq
// (administrators, like POST /api/town/faq): an FAQ entry from a group, its examples as the
// questions unless the body gives them; it goes through POST /api/town/faq (validation, audit,
// visible to conversations at once).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireRole } from '../auth/guard.ts'
import { badRequest, notFound } from '../errors.ts'
import type { RouteDeps } from '../http/route-deps.ts'
import type { TownData } from '../answerer.ts'
import { groupView, readWindow, unansweredGroups, type Window } from './unanswered.ts'

import { AnyObject, errors, ObjectCheckedByHandler, TAGS } from '../http/schemas.ts'

const MAX_QUESTIONS_FROM_GROUP = 10
const WindowQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'YYYY-MM-DD (default: 30 days before to)' })),
  to: Type.Optional(Type.String({ description: 'YYYY-MM-DD, inclusive (default: now)' })),
})

export const unansweredRoutes: FastifyPluginAsyncTypebox<RouteDeps & { townData: TownData }> = async (app, { db, townData }) => {
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
      response: { 200: Type.Object({ from: Type.String(), to: Type.String(), total: Type.Integer(), groups: Type.Array(AnyObject('A group: its id, count and examples')) }), ...errors },
    },
  }, async (request) => {
    const w = window(request.query)
    const { total, groups } = await unansweredGroups(db, w, await townData.faqEntries())
    return { from: w.from.toISOString(), to: w.to.toISOString(), total, groups: groups.map(groupView) }
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
    const { groups } = await unansweredGroups(db, window(request.query), await townData.faqEntries())
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
