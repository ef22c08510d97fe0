// Satisfaction (issue 18): when a ticket is resolved the citizen may be asked one question on
// their channel — a town setting (town file `settings.satisfactionSurvey`, /admin), never to an identity that sent STOP, and,
// like every notice, held during quiet hours. A lone 1 to 5 within a week is the answer, recorded
// on the ticket and as a figure for its service.
import type { Lang } from '../domain.ts'
import type { DbOrTx, Transaction } from '../db/transaction.ts'
import { addTicketEvent, markSatisfactionAsked, satisfactionSurveyEnabled, storeSatisfaction } from '../db/tickets.ts'
import { findCitizenToNotify, findIdentityToNotify } from '../db/citizen-reach.ts'
import { unansweredSurveys } from '../db/ticket-waits.ts'
import { notifyCitizen, type NotifySettings } from './notify-citizen.ts'
import { recordMetric } from '../metrics/metric-events.ts'
import type { Turn, TurnResult } from '../answerer.ts'

export const SURVEY_WINDOW_MS = 7 * 86_400_000
const ANSWER = /^\s*([1-5])\s*(?:\/\s*5|sur\s*5|out of 5)?\s*[.!]?\s*$/i

export const surveyQuestion = (reference: string, lang: Lang) => lang === 'en'
  ? `Your request ${reference} is resolved. Are you satisfied with how it was handled? Answer from 1 (not at all) to 5 (very).`
  : `Votre demande ${reference} est résolue. Êtes-vous satisfait·e du traitement ? Répondez de 1 (pas du tout) à 5 (tout à fait).`

const thanks = (lang: Lang) => lang === 'en' ? 'Thank you for your answer.' : 'Merci pour votre réponse.'

/** Asks the question after a resolution, unless the town does not ask or the citizen said STOP. */
export async function askSatisfaction (tx: Transaction, settings: NotifySettings, ticket: { id: string, reference: string, citizenId: string | null, conversationId: string | null }, now: Date): Promise<void> {
  // Read in the resolving transaction: a change made in /admin applies to the next resolution.
  if (!ticket.citizenId || !(await satisfactionSurveyEnabled(tx))) return
  const citizen = await findCitizenToNotify(tx, ticket.citizenId)
  const identity = citizen?.lastIdentityId ? await findIdentityToNotify(tx, citizen.lastIdentityId) : null
  if (identity?.optedOutAt) return
  const asked = await notifyCitizen(tx, settings, {
    citizenId: ticket.citizenId,
    fallbackConversationId: ticket.conversationId,
    text: lang => surveyQuestion(ticket.reference, lang),
    meta: { ticketReference: ticket.reference, kind: 'satisfaction_survey' },
  }, now)
  if (asked.messageId !== undefined) await markSatisfactionAsked(tx, ticket.id, now)
}

export type PendingSurvey = { ticketId: string }

/** The newest unanswered question of the week for each of these citizens (one query per batch of turns). */
export async function surveysWaitingFor (on: DbOrTx, citizenIds: string[], now: Date): Promise<Map<string, PendingSurvey>> {
  const rows = await unansweredSurveys(on, citizenIds, new Date(now.getTime() - SURVEY_WINDOW_MS))
  const pending = new Map<string, PendingSurvey>()
  for (const row of rows) if (row.citizenId && !pending.has(row.citizenId)) pending.set(row.citizenId, { ticketId: row.id })
  return pending
}

/** A lone digit while a question waits is the answer: thanked, and nothing else runs. */
export function routeSatisfactionAnswer (pending: PendingSurvey | undefined, turn: Turn, answered: TurnResult): { result: TurnResult, score?: number } {
  const match = pending ? ANSWER.exec(turn.text) : null
  if (!match || answered.actions.some(a => a.type === 'opt_out' || a.type === 'opt_in')) return { result: answered }
  return { result: { ...answered, replies: [thanks(answered.lang)], actions: [], dialogState: turn.dialogState, misunderstood: false }, score: Number(match[1]) }
}

/** Stores the answer (only the first one counts) and the figure for the ticket's service. */
export async function recordSatisfaction (tx: Transaction, ticketId: string, score: number, channel: string, now: Date): Promise<void> {
  const ticket = await storeSatisfaction(tx, ticketId, score)
  if (!ticket) return
  await addTicketEvent(tx, { ticketId, actorKind: 'citizen', type: 'satisfaction', note: String(score), createdAt: now })
  await recordMetric(tx, { type: 'satisfaction', at: now, channel, serviceCode: ticket.serviceCode, ticketId, conversationId: ticket.conversationId, value: score })
}
