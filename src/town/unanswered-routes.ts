// GET /api/town/unanswered?from=&to= (managers): the questions the assistant did not understand,
// grouped by similarity with counts and examples. POST /api/town/unanswered/:group/faq
// (administrators, like POST /api/town/faq): an FAQ entry from a group, its examples as the
// questions unless the body gives them; it goes through POST /api/town/faq (validation, audit,
// visible to conversations at once).
import type { FastifyPluginAsync } from 'fastify'
import { requireRole } from '../auth/guard.ts'
import { badRequest, notFound } from '../errors.ts'
import type { RouteDeps } from '../http/route-deps.ts'
import type { TownData } from '../answerer.ts'
import { groupView, readWindow, unansweredGroups, type Window } from './unanswered.ts'

type WindowQuery = { Querystring: { from?: string, to?: string } }
const MAX_QUESTIONS_FROM_GROUP = 10

export const unansweredRoutes: FastifyPluginAsync<RouteDeps & { townData: TownData }> = async (app, { db, townData }) => {
  const window = (query: { from?: string, to?: string }): Window => {
    const w = readWindow(query)
    if (typeof w === 'string') throw badRequest(w)
    return w
  }

  app.get<WindowQuery>('/api/town/unanswered', { preValidation: requireRole('manager') }, async (request) => {
    const w = window(request.query)
    const { total, groups } = await unansweredGroups(db, w, await townData.faqEntries())
    return { from: w.from.toISOString(), to: w.to.toISOString(), total, groups: groups.map(groupView) }
  })

  app.post<WindowQuery & { Params: { group: string } }>('/api/town/unanswered/:group/faq', { preValidation: requireRole('admin') }, async (request, reply) => {
    const body = request.body
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Expected a JSON object with answer {fr, en}')
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
