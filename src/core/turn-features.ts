// What a turn reaches beyond its conversation: tickets, consultations, alert subscriptions,
// satisfaction surveys. The core asks these features through this port and never imports them,
// so the path of a message stays one way (channel → core → repositories → outbox; issue 21).
// src/features.ts implements it; app.ts hands it to the core.
import type { Turn, TurnAction, TurnResult } from '../answerer.ts'
import type { Db } from '../db/client.ts'
import type { Transaction } from '../db/transaction.ts'
import type { Lang } from '../domain.ts'

export type TurnCitizen = { citizenId: string, identityId: string }

/**
 * An answer after the features had their say, what to record with it in the turn's transaction,
 * and a message of the feature's own to send after the answer (a consultation opened in the web
 * chat, issue 20), which the core drops while a person holds the conversation.
 */
export type RoutedAnswer = { result: TurnResult, record?: (tx: Transaction) => Promise<void>, followUp?: { text: string, meta: Record<string, unknown> } }

/** A ticket or a question waiting for this citizen may take their message instead of the answerer's reading of it. */
export type AnswerRouter = (who: TurnCitizen, turn: Turn, answer: TurnResult) => RoutedAnswer

/** The actions the core applies itself (the conversation's holder, consent); the features apply the others. */
export type CoreAction = Extract<TurnAction, { type: 'hand_to_agent' | 'back_to_assistant' | 'opt_out' | 'opt_in' }>
export type FeatureAction = Exclude<TurnAction, CoreAction>

export type ActionContext = { conversationId: string, citizenId: string, channel: string, lang: Lang, identityId: string, now: Date, result: TurnResult }

export interface TurnFeatures {
  /** Before a batch is answered, outside any transaction: what waits for these citizens (one read per feature for the batch). */
  prepare (db: Db, batch: TurnCitizen[], now: Date): Promise<AnswerRouter>
  /** Applies one action inside the turn's transaction. */
  apply (tx: Transaction, action: FeatureAction, context: ActionContext): Promise<void>
}
