// When a ticket waits for the citizen (waiting_citizen), their next message is the answer: it
// lands on the ticket whatever channel it came from, and they are told it was passed on.
// STOP/START and an explicit ticket_reply from the answerer keep their meaning.
import type { DbOrTx } from '../db/transaction.ts'
import { ticketsWaitingForCitizens } from '../db/ticket-waits.ts'
import type { Turn, TurnResult } from '../answerer.ts'
import { replyPassedOnText } from './status-update-text.ts'

const KEEP_ANSWERER: ReadonlySet<string> = new Set(['opt_out', 'opt_in', 'ticket_reply'])

/** The newest ticket waiting for each of these citizens (one query for a whole batch of turns). */
export async function ticketsWaitingFor (on: DbOrTx, citizenIds: string[]): Promise<Map<string, string>> {
  const rows = await ticketsWaitingForCitizens(on, citizenIds)
  const waiting = new Map<string, string>()
  for (const row of rows) if (row.citizenId && !waiting.has(row.citizenId)) waiting.set(row.citizenId, row.reference)
  return waiting
}

export function routeReplyToWaitingTicket (waitingReference: string | undefined, turn: Turn, answered: TurnResult): TurnResult {
  if (!waitingReference || !turn.text.trim() || answered.actions.some(a => KEEP_ANSWERER.has(a.type))) return answered
  const waiting = { reference: waitingReference }
  return {
    // The classifier's intent stays on the message: figures on understanding remain true.
    ...answered,
    replies: [replyPassedOnText(waiting.reference, answered.lang)],
    actions: [{ type: 'ticket_reply', reference: waiting.reference, text: turn.text }],
    // A running dialog is left as it was: the citizen can carry on with it afterwards.
    dialogState: turn.dialogState,
    misunderstood: false,
  }
}
