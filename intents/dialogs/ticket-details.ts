// Details sent soon after a ticket was opened (« un trou de 30 cm, dangereux pour les vélos ») are
// offered to be added to that ticket rather than starting a new report (issue 16).
import type { IntentId } from '../catalog.ts'
import { normalizeText } from '../normalize.ts'
import { isFiller, parseYesNo } from './answers.ts'
import { startReport } from './report-issue.ts'
import type { AddDetailsState, RecentTicketState } from './state.ts'
import { reply, say, type DialogContext, type DialogResult } from './types.ts'

/** How long after a ticket was opened a message may be details for it. */
export const DETAILS_WINDOW_MS = 30 * 60_000
// Intents that describe rather than ask: a message of these (or an unsure one) can be details.
const DETAIL_LIKE = new Set<IntentId>(['report_issue', 'out_of_scope', 'request_status'])
const OTHER_QUESTION_CONFIDENCE = 0.6

export const recentTicketState = (now: Date): RecentTicketState => ({ dialog: 'recent_ticket', at: now.toISOString() })

/** Null when the message is not details for the ticket just opened (it is then answered as usual). */
export const continueRecentTicket = async (state: RecentTicketState, ctx: DialogContext): Promise<DialogResult | null> => {
  const { classification, turn, normalized } = ctx
  if (turn.now.getTime() - Date.parse(state.at) > DETAILS_WINDOW_MS) return null
  if (isFiller(turn.text, normalized) || parseYesNo(turn.text, normalized) !== null) return null
  const intent = classification.intent as IntentId
  if (!DETAIL_LIKE.has(intent) && classification.confidence >= OTHER_QUESTION_CONFIDENCE) return null
  if (normalized.split(' ').length < 3 && turn.attachments.length === 0) return null
  const [latest] = await ctx.data.citizenTickets(turn.citizenId)
  if (latest === undefined) return null
  const next: AddDetailsState = { dialog: 'add_details', reference: latest.reference, text: turn.text.trim().slice(0, 2000) }
  return reply(say(ctx.lang, `J'ajoute ces précisions à votre demande ${latest.reference} ? (oui / non)`, `Shall I add these details to your request ${latest.reference}? (yes / no)`), next)
}

export const continueAddDetails = (state: AddDetailsState, ctx: DialogContext): DialogResult | null => {
  const { lang } = ctx
  const answer = parseYesNo(ctx.turn.text, ctx.normalized)
  if (answer === 'yes') {
    return {
      replies: [say(lang, `C'est ajouté à votre demande ${state.reference}, merci.`, `Added to your request ${state.reference}, thank you.`)],
      actions: [{ type: 'ticket_reply', reference: state.reference, text: state.text }],
      state: null
    }
  }
  if (answer === 'no') {
    // Not about that ticket: then it is a new problem, described by the message we kept.
    const report = startReport({ ...ctx, turn: { ...ctx.turn, text: state.text }, normalized: normalizeText(state.text) })
    return { ...report, replies: [say(lang, 'D\'accord, c\'est donc un nouveau signalement.', 'All right, so this is a new report.'), ...report.replies] }
  }
  return null
}
