// request_status: the live status of a ticket, only if it is this citizen's; otherwise their open tickets.
// A reference that exists but belongs to someone else gets the same answer as an unknown one (no leak).
import type { Lang, TicketStatus } from '../../src/domain.ts'
import { extractReference } from '../entities/reference.ts'
import { clip } from './format.ts'
import { isCancel } from './answers.ts'
import type { TicketReplyState } from './state.ts'
import { colon, reply, say, type DialogContext, type DialogResult } from './types.ts'

const STATUS_LABELS: Record<TicketStatus, [string, string]> = {
  new: ['reçue, pas encore prise en charge', 'received, not yet picked up'],
  in_progress: ['en cours de traitement', 'in progress'],
  waiting_citizen: ['en attente d\'une réponse de votre part', 'waiting for your answer'],
  resolved: ['résolue', 'resolved'],
  closed: ['close', 'closed']
}

const statusLabel = (status: TicketStatus, lang: Lang): string => say(lang, ...STATUS_LABELS[status])

const formatDate = (date: Date, lang: Lang, timeZone: string): string =>
  date.toLocaleDateString(lang === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'short', timeZone })

export const answerRequestStatus = async (ctx: DialogContext): Promise<DialogResult> => {
  const { lang, turn, data } = ctx
  const reference = (ctx.classification.entities.reference as string | undefined) ?? extractReference(turn.text, ctx.ticketPrefix)
  if (reference !== null && reference !== undefined) {
    const ticket = await data.ticketByReference(reference)
    if (ticket === null || ticket.citizenId !== turn.citizenId) {
      return reply(say(lang, `Je ne trouve pas de demande ${reference} à votre nom. Vérifiez la référence, ou écrivez « agent ».`,
        `I cannot find a request ${reference} in your name. Check the reference, or write "agent".`))
    }
    const when = formatDate(ticket.updatedAt, lang, data.settings.timeZone)
    const text = say(lang, `Votre demande ${ticket.reference} (${ticket.title}) est ${statusLabel(ticket.status, lang)} – ${ticket.serviceName}, mise à jour le ${when}.`,
      `Your request ${ticket.reference} (${ticket.title}) is ${statusLabel(ticket.status, lang)} – ${ticket.serviceName}, updated ${when}.`)
    if (ticket.status !== 'waiting_citizen') return reply(clip(text))
    const state: TicketReplyState = { dialog: 'ticket_reply', reference: ticket.reference }
    return reply(clip(`${text} ${say(lang, 'Répondez ici, je transmets au service.', 'Reply here and I will pass it on.')}`), state)
  }
  const open = (await data.citizenTickets(turn.citizenId)).filter(t => t.status !== 'resolved' && t.status !== 'closed')
  if (open.length === 0) return reply(say(lang, 'Vous n\'avez aucune demande en cours. Si vous avez une référence (ex. DEM-2026-00042), envoyez-la.', 'You have no open requests. If you have a reference (e.g. DEM-2026-00042), send it.'))
  const lines = open.slice(0, 3).map(t => `${t.reference} ${t.title}${colon(lang)}${statusLabel(t.status, lang)}`)
  const more = open.length > 3 ? say(lang, ` (+${open.length - 3} autres)`, ` (+${open.length - 3} more)`) : ''
  return reply(clip(`${say(lang, 'Vos demandes en cours', 'Your open requests')}${colon(lang)}${lines.join(lang === 'en' ? '; ' : ' ; ')}${more}.`))
}

/** The citizen's answer to a ticket waiting for them goes to the ticket, not to the classifier. */
export const continueTicketReply = (state: TicketReplyState, ctx: DialogContext): DialogResult => {
  const { lang, turn } = ctx
  if (isCancel(turn.text, ctx.normalized)) return reply(say(lang, 'D\'accord.', 'All right.'))
  return {
    replies: [say(lang, `Merci, j'ajoute votre réponse à la demande ${state.reference}.`, `Thank you, I am adding your answer to request ${state.reference}.`)],
    actions: [{ type: 'ticket_reply', reference: state.reference, text: turn.text }],
    state: null
  }
}
