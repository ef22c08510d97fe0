// The features a citizen's turn can reach (src/core/turn-features.ts is the port): a ticket waiting
// for the citizen's answer, a satisfaction survey, a consultation, alert subscriptions, new
// tickets. Composed here, beside app.ts, so that the core imports none of them.
import type { RoutedAnswer, TurnFeatures } from './core/turn-features.ts'
import type { Turn, TurnResult } from './answerer.ts'
import type { Transaction } from './db/transaction.ts'
import { changeSubscription } from './db/alert-subscriptions.ts'
import { alertTopicCodes } from './db/alert-topic-codes.ts'
import { openTicketFromConversation, type TicketSettings } from './tickets/ticket-service.ts'
import { recordCitizenReplyOnTicket } from './tickets/citizen-reply.ts'
import { routeReplyToWaitingTicket, ticketsWaitingFor } from './tickets/waiting-reply.ts'
import { recordSatisfaction, routeSatisfactionAnswer, surveysWaitingFor } from './tickets/satisfaction.ts'
import { chatInvitation, pendingConsultations, recordConsultationAnswer, routeConsultationAnswer } from './consultations/answers.ts'

export function turnFeatures (tickets: TicketSettings & { publicUrl: string }): TurnFeatures {
  return {
    async prepare (db, batch, now) {
      const citizenIds = [...new Set(batch.map(b => b.citizenId))]
      const [waiting, surveys, consultations] = await Promise.all([
        ticketsWaitingFor(db, citizenIds),
        surveysWaitingFor(db, citizenIds, now),
        pendingConsultations(db, [...new Set(batch.map(b => b.identityId))], now),
      ])
      // A consultation the citizen was just asked takes an answer to it (issue 20); then a
      // satisfaction survey (issue 18), then a ticket waiting for them (issue 4). STOP/START keep working.
      // A consultation opened in the web chat is offered after a new conversation's first answer.
      const invite = (turn: Turn, result: TurnResult): RoutedAnswer['followUp'] => {
        const invitation = turn.isFirstMessage && turn.channel === 'webchat' ? chatInvitation(consultations.inChat, result) : undefined
        return invitation && { text: invitation.text, meta: { consultationId: invitation.consultationId } }
      }
      return (who, turn, answer) => {
        const consulted = routeConsultationAnswer(consultations.pending.get(who.identityId), turn, answer, tickets.timeZone)
        if (consulted !== answer) return { result: consulted }
        const survey = surveys.get(who.citizenId)
        const { result, score } = routeSatisfactionAnswer(survey, turn, routeReplyToWaitingTicket(waiting.get(who.citizenId), turn, answer))
        const followUp = invite(turn, result)
        return {
          result,
          ...(followUp ? { followUp } : {}),
          ...(survey && score ? { record: (tx: Transaction) => recordSatisfaction(tx, survey.ticketId, score, turn.channel, turn.now) } : {}),
        }
      }
    },

    async apply (tx, action, ctx) {
      const { now } = ctx
      switch (action.type) {
        case 'open_ticket': {
          const { type: _type, ...ticket } = action
          await openTicketFromConversation(tx, tickets, {
            ...ticket,
            source: 'conversation',
            citizenId: ctx.citizenId,
            conversationId: ctx.conversationId,
            channel: ctx.channel,
            lang: ctx.lang,
            actor: { kind: 'citizen', id: ctx.citizenId },
          }, now)
          return
        }
        case 'alerts': {
          // An explicit yes to a question naming the topic and the channel (issue 20): a consent event says how.
          // "all" is every topic of the town.
          const topics = action.topic === 'all' ? await alertTopicCodes(tx) : [action.topic]
          for (const topic of topics) await changeSubscription(tx, { identityId: ctx.identityId, topic, subscribe: action.subscribe, zone: action.zone, via: 'conversation', now })
          return
        }
        case 'consultation_answer':
          await recordConsultationAnswer(tx, { consultationId: action.consultationId, citizenId: ctx.citizenId, identityId: ctx.identityId, optionIndex: action.optionIndex, text: action.text, wantsResult: action.wantsResult, now })
          return
        case 'ticket_reply':
          await recordCitizenReplyOnTicket(tx, { reference: action.reference, citizenId: ctx.citizenId, text: action.text }, now)
      }
    },
  }
}
