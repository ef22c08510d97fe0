// The managers' board of citizens' ideas (issue 20): ideas sent through the conversation are
// tickets of kind "idea"; their board status (received → studied → retained for the participatory
// budget / not retained) is told to the citizen on their channel, like a ticket's status.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../http/route-deps.ts'
import type { Lang } from '../domain.ts'
import { requireRole } from '../auth/guard.ts'
import { AppError } from '../errors.ts'
import { optionalText } from '../tickets/read-body.ts'
import { notifyCitizen } from '../tickets/notify-citizen.ts'
import { DateTime, errors, IdParams, OptionalText, TAGS } from '../http/schemas.ts'
import { inPrismaTransaction } from '../db/prisma-transaction.ts'
import { ideaReview, ideaReviews, latestIdeas, recordIdeaNotified, setIdeaStatus, ticketForIdeaBoard } from '../db/ideas.ts'
import { recordAudit } from '../db/audit-log.ts'

export const IDEA_STATUSES = ['received', 'studied', 'retained', 'not_retained'] as const
export type IdeaStatus = typeof IDEA_STATUSES[number]
const Status = Type.Union(IDEA_STATUSES.map(s => Type.Literal(s)), { description: IDEA_STATUSES.join(' | ') })

export function ideaStatusText (reference: string, status: IdeaStatus, lang: Lang, note?: string): string {
  const texts: Record<IdeaStatus, [string, string]> = {
    received: [`Votre idée ${reference} a bien été reçue par la mairie.`, `The town hall has received your idea ${reference}.`],
    studied: [`Votre idée ${reference} est à l'étude par la mairie.`, `The town hall is studying your idea ${reference}.`],
    retained: [`Bonne nouvelle : votre idée ${reference} est retenue pour le budget participatif.`, `Good news: your idea ${reference} has been retained for the participatory budget.`],
    not_retained: [`Votre idée ${reference} n'a pas été retenue. Merci de votre participation.`, `Your idea ${reference} has not been retained. Thank you for taking part.`],
  }
  const text = texts[status][lang === 'en' ? 1 : 0]
  return note ? `${text} ${lang === 'en' ? 'Message from the town hall:' : 'Message de la mairie :'} ${note}` : text
}

export const ideaRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, core, config }) => {
  app.get('/api/ideas', {
    preValidation: requireRole('manager'),
    schema: {
      summary: 'Citizens\' ideas, newest first (500 at most)',
      tags: [TAGS.managers],
      response: { 200: Type.Object({ ideas: Type.Array(Type.Object({ id: Type.String(), reference: Type.String(), title: Type.String(), description: Type.String(), createdAt: DateTime(), status: Type.String(), statusAt: DateTime() })) }), ...errors },
    },
  }, async () => {
    const tickets = await latestIdeas(store, 500)
    const reviews = await ideaReviews(store, tickets.map(t => t.id))
    const status = new Map(reviews.map(r => [r.ticketId, r]))
    return {
      ideas: tickets.map(t => ({ id: t.id, reference: t.reference, title: t.title, description: t.description, createdAt: t.createdAt, status: status.get(t.id)?.status ?? 'received', statusAt: status.get(t.id)?.updatedAt ?? t.createdAt })),
    }
  })

  app.patch('/api/ideas/:id', {
    preValidation: requireRole('manager'),
    schema: {
      summary: 'An idea\'s board status: the citizen is told on their channel',
      tags: [TAGS.managers],
      params: IdParams,
      body: Type.Object({ status: Status, note: OptionalText('A word for the citizen (at most 1,000 characters)') }),
      response: { 200: Type.Object({ id: Type.String(), reference: Type.String(), status: Status, told: Type.Boolean() }), ...errors },
    },
  }, async (request) => {
    const body = request.body
    const status: IdeaStatus = body.status
    const note = optionalText(body, 'note', 1000)
    const ticket = await ticketForIdeaBoard(store, request.params.id)
    if (!ticket || ticket.kind !== 'idea') throw new AppError('not_found', 'No such idea')
    const now = new Date()
    const agentId = request.agent!.id
    const told = await inPrismaTransaction(store, async tx => {
      const previous = await ideaReview(tx, ticket.id)
      if ((previous?.status ?? 'received') === status && !note) return false
      await setIdeaStatus(tx, { ticketId: ticket.id, status, note, agentId, now })
      if (!ticket.citizenId) return false
      const outcome = await notifyCitizen(tx, { timeZone: config.timeZone, quietHours: config.quietHours }, {
        citizenId: ticket.citizenId, fallbackConversationId: ticket.conversationId, text: lang => ideaStatusText(ticket.reference, status, lang, note), meta: { ideaStatus: status, ticketId: ticket.id }, agentId,
      }, now)
      if (outcome.messageId !== undefined) await recordIdeaNotified(tx, ticket.id, status, now)
      return outcome.messageId !== undefined
    })
    core.outbox.wake()
    await recordAudit(store, { actorId: agentId, actorKind: 'agent', action: 'idea.status_changed', targetType: 'ticket', targetId: ticket.id, detail: { status } })
    return { id: ticket.id, reference: ticket.reference, status, told }
  })
}
