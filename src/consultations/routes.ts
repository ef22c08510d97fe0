// /api/consultations (issue 20): managers ask, citizens answer in their conversation, results live.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AlertRouteDeps } from '../alerts/routes.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { optionalText } from '../tickets/read-body.ts'
import { optionalBoolean, optionalDate, readBilingual } from '../alerts/read-input.ts'
import { consultationResults, resultsCsv } from './results.ts'
import { createConsultation, latestConsultations } from '../db/consultations.ts'
import { alertTopicExists } from '../db/alert-topic-codes.ts'
import { recordAudit } from '../db/audit-log.ts'
import { closeConsultation } from './close.ts'
import { consultationText } from './consultation-text.ts'
import { AnyObject, DateTime, errors, fileResponse, IdParams, Nullable, OptionalText, TAGS } from '../http/schemas.ts'
import { BilingualText, OptionalBoolean } from '../alerts/schemas.ts'

const MAX_OPTION = 200
const tags = [TAGS.managers]
const Bilingual = Type.Object({ fr: Type.String(), en: Type.String() })
const NewConsultation = Type.Object({
  question: BilingualText('The question (at most 1,000 characters per language)'),
  options: Type.Optional(Nullable(Type.Array(BilingualText(`An option (at most ${MAX_OPTION} characters)`), { description: '2 to 6 options, or none for free-text answers' }))),
  closesAt: Type.String({ description: 'ISO 8601 date-time in the future' }),
  topic: OptionalText('Send it to this alert topic\'s subscribers'),
  openInChat: OptionalBoolean('Also asked to citizens who open the chat; default false'),
})
const Results = AnyObject('The consultation and its answers counted by option')

function readOptions (value: unknown): { fr: string, en: string }[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new AppError('validation_failed', 'Field "options" must be a list of {"fr","en"}')
  if (value.length === 1 || value.length > 6) throw new AppError('validation_failed', 'A consultation has 2 to 6 options, or none for free-text answers')
  return value.map(option => readBilingual({ option }, 'option', MAX_OPTION)).map((o, i, all) => {
    if (all.findIndex(x => x.fr.toLowerCase() === o.fr.toLowerCase()) !== i) throw new AppError('validation_failed', `Option ${i + 1} repeats another option`)
    return o
  })
}

export const consultationRoutes: FastifyPluginAsyncTypebox<AlertRouteDeps> = async (app, { store, broadcaster, core, config }) => {
  app.post('/api/consultations', {
    preValidation: requireRole('manager'),
    schema: { summary: 'Ask citizens a question (sent to a topic\'s subscribers when topic is given)', tags, body: NewConsultation, response: { 201: Type.Object({ id: Type.String(), broadcast: Type.Optional(AnyObject('The broadcast that sends it')) }), ...errors } },
  }, async (request, reply) => {
    const body = request.body
    const question = readBilingual(body, 'question')
    const options = readOptions(body.options)
    const closesAt = optionalDate(body, 'closesAt')
    if (!closesAt) throw new AppError('validation_failed', 'Field "closesAt" is required')
    if (closesAt <= new Date()) throw new AppError('validation_failed', 'Field "closesAt" must be in the future')
    const topic = optionalText(body, 'topic', 40)
    if (topic && !await alertTopicExists(store, topic)) throw new AppError('validation_failed', `Unknown alert topic "${topic}"`)
    const consultation = await createConsultation(store, { questionFr: question.fr, questionEn: question.en, options: JSON.stringify(options), topic: topic ?? null, openInChat: optionalBoolean(body, 'openInChat') ?? false, closesAt, createdById: request.agent!.id })
    const broadcast = topic
      ? await broadcaster.create({ kind: 'consultation', topic, text: consultationText(question, options), urgent: false, endsAt: closesAt, consultationId: consultation.id, createdById: request.agent!.id })
      : undefined
    await recordAudit(store, { actorId: request.agent!.id, actorKind: 'agent', action: 'consultation.created', targetType: 'consultation', targetId: consultation.id })
    return reply.code(201).send({ id: consultation.id, ...(broadcast ? { broadcast } : {}) })
  })

  app.get('/api/consultations', {
    preValidation: requireRole('manager'),
    schema: {
      summary: 'Consultations, newest first (100 at most)',
      tags,
      response: { 200: Type.Object({ consultations: Type.Array(Type.Object({ id: Type.String(), question: Bilingual, options: Type.Array(Bilingual), topic: Nullable(Type.String()), closesAt: DateTime(), createdAt: DateTime() })) }), ...errors },
    },
  }, async () => {
    const rows = await latestConsultations(store, 100)
    return { consultations: rows.map(c => ({ id: c.id, question: { fr: c.questionFr, en: c.questionEn }, options: JSON.parse(c.options), topic: c.topic, closesAt: c.closesAt, createdAt: c.createdAt })) }
  })

  app.get('/api/consultations/:id/results', { preValidation: requireRole('manager'), schema: { summary: 'A consultation\'s results', tags, params: IdParams, response: { 200: Results, ...errors } } }, async (request) => consultationResults(store, request.params.id))

  app.get('/api/consultations/:id/results.csv', { preValidation: requireRole('manager'), schema: { summary: 'A consultation\'s results as CSV', tags, params: IdParams, produces: ['text/csv'], response: fileResponse('CSV') } }, async (request, reply) => {
    const results = await consultationResults(store, request.params.id)
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="consultation-${results.id}.csv"`).send(resultsCsv(results))
  })

  // Closing now (or at closesAt, by the sweep): the citizens who asked for the result are told it.
  app.post('/api/consultations/:id/close', { preValidation: requireRole('manager'), schema: { summary: 'Close now: the citizens who asked for the result are told it', tags, params: IdParams, response: { 200: Results, ...errors } } }, async (request) => {
    const told = await closeConsultation(store, config, request.params.id, new Date())
    core.outbox.wake()
    return { ...(await consultationResults(store, request.params.id)), told }
  })
}
