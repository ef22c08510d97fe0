// GET /api/town/unanswered?from=&to= (managers): the questions the assistant did not understand,
// grouped by similarity with counts and examples. POST /api/town/unanswered/:group/faq
// (administrators, like POST /api/town/faq): an FAQ entry from a group, its examples as the
// questions unless the body gives them; it goes through POST /api/town/faq (validation, audit,
// visible to conversations at once). POST /api/town/unanswered/:group/proposal (managers, one
// click): only administrators write town data (issue 15), so a manager proposes the group to them
// as an inactive entry with the group's questions, which an administrator completes and activates
// on /admin; audited, once per group.
import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { recordAudit } from '../auth/audit.ts'
import { requireRole } from '../auth/guard.ts'
import { badRequest, notFound } from '../errors.ts'
import type { RouteDeps } from '../http/route-deps.ts'
import type { TownData } from '../answerer.ts'
import { groupView, PROPOSAL_TAG, proposalsOf, readWindow, unansweredGroups, type Window } from './unanswered.ts'

type WindowQuery = { Querystring: { from?: string, to?: string } }
const MAX_QUESTIONS_FROM_GROUP = 10
/** The answer of a proposed entry until an administrator writes it (it is inactive meanwhile). */
const DRAFT_ANSWER = { fr: 'Réponse à rédiger par un administrateur (proposition depuis les questions sans réponse).', en: 'Answer to be written by an administrator (proposed from the unanswered questions).' }

export const unansweredRoutes: FastifyPluginAsync<RouteDeps & { townData: TownData }> = async (app, { db, townData }) => {
  const window = (query: { from?: string, to?: string }): Window => {
    const w = readWindow(query)
    if (typeof w === 'string') throw badRequest(w)
    return w
  }

  app.get<WindowQuery>('/api/town/unanswered', { preHandler: requireRole('manager') }, async (request) => {
    const w = window(request.query)
    const { total, groups } = await unansweredGroups(db, w, await townData.faqEntries())
    const proposals = await proposalsOf(db, groups)
    // What the caller may do with a group: create the entry (administrators) or propose it (managers).
    return { from: w.from.toISOString(), to: w.to.toISOString(), total, canCreate: request.agent?.role === 'admin', groups: groups.map(g => groupView(g, proposals.get(g.id))) }
  })

  app.post<WindowQuery & { Params: { group: string } }>('/api/town/unanswered/:group/proposal', { preHandler: requireRole('manager') }, async (request, reply) => {
    const { groups } = await unansweredGroups(db, window(request.query), await townData.faqEntries())
    const group = groups.find(g => g.id === request.params.group)
    if (group === undefined) throw notFound('No such group of unanswered questions in this period')
    // Proposed already (a second click, another manager): the same draft, not a second one.
    const existing = (await proposalsOf(db, [group])).get(group.id)
    if (existing !== undefined) return reply.code(200).send({ id: existing.id, proposedAt: existing.at })
    const questionsOf = (lang: 'fr' | 'en') => [...new Set(group.members.filter(m => m.lang === lang).map(m => m.text.trim()))].slice(0, MAX_QUESTIONS_FROM_GROUP)
    const id = `proposition-${randomBytes(6).toString('hex')}`
    const last = await db.faqEntry.aggregate({ _max: { position: true } })
    // Inactive: the assistant never uses it until an administrator writes the answer and activates it.
    // Still a valid entry (a French question, an answer), so that the town file exports and imports
    // again with it: a group asked only in English gives its questions as the French ones too.
    const fr = questionsOf('fr')
    const en = questionsOf('en')
    await db.faqEntry.create({
      data: {
        id, questions: JSON.stringify({ fr: fr.length > 0 ? fr : en, en }), answerFr: DRAFT_ANSWER.fr, answerEn: DRAFT_ANSWER.en,
        tags: JSON.stringify([PROPOSAL_TAG]), active: false, position: (last._max.position ?? 0) + 1
      }
    })
    await recordAudit(db, { actorId: request.agent?.id, action: 'town.faq.propose', targetType: 'faq', targetId: id, detail: { group: group.id, count: group.count } })
    return reply.code(201).send({ id })
  })

  app.post<WindowQuery & { Params: { group: string } }>('/api/town/unanswered/:group/faq', { preHandler: requireRole('admin') }, async (request, reply) => {
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
