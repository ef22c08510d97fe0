// What the citizen is told when an agent changes their ticket: the reference, the new status in
// plain words, the decision on a formal request, the agent's public note, and the question to
// answer when the ticket waits for them.
import type { Lang, TicketStatus } from '../domain.ts'
import type { Decision } from './ticket-status.ts'

export type StatusUpdate = {
  reference: string
  status: TicketStatus
  lang: Lang
  publicNote?: string
  question?: string
  decision?: Decision
}

const STATUS_FR: Record<TicketStatus, string> = {
  new: 'est enregistrée',
  in_progress: 'est en cours de traitement',
  waiting_citizen: 'attend une réponse de votre part',
  resolved: 'est résolue',
  closed: 'est clôturée',
}
const STATUS_EN: Record<TicketStatus, string> = {
  new: 'is registered',
  in_progress: 'is being handled',
  waiting_citizen: 'is waiting for your answer',
  resolved: 'is resolved',
  closed: 'is closed',
}

const LABEL_FR: Record<TicketStatus, string> = {
  new: 'Enregistrée',
  in_progress: 'En cours de traitement',
  waiting_citizen: 'En attente d’une réponse du demandeur',
  resolved: 'Résolue',
  closed: 'Clôturée',
}
const LABEL_EN: Record<TicketStatus, string> = {
  new: 'Registered',
  in_progress: 'In progress',
  waiting_citizen: 'Waiting for the requester’s answer',
  resolved: 'Resolved',
  closed: 'Closed',
}

/** The detailed status in words (Open311 status_notes, the agent's views). */
export function statusLabel (status: TicketStatus, lang: Lang): string {
  return (lang === 'en' ? LABEL_EN : LABEL_FR)[status]
}

export function statusUpdateText (u: StatusUpdate): string {
  if (u.lang === 'en') {
    const parts = [`Your request ${u.reference} ${STATUS_EN[u.status]}.`]
    if (u.decision) parts.push(`Decision: your request is ${u.decision === 'accepted' ? 'accepted' : 'refused'}.`)
    if (u.publicNote) parts.push(`Message from the service: ${u.publicNote}`)
    if (u.status === 'waiting_citizen' && u.question) parts.push(`Our question: ${u.question} Just reply to this message.`)
    return parts.join(' ')
  }
  const parts = [`Votre demande ${u.reference} ${STATUS_FR[u.status]}.`]
  if (u.decision) parts.push(`Décision : votre demande est ${u.decision === 'accepted' ? 'acceptée' : 'refusée'}.`)
  if (u.publicNote) parts.push(`Message du service : ${u.publicNote}`)
  if (u.status === 'waiting_citizen' && u.question) parts.push(`Notre question : ${u.question} Répondez simplement à ce message.`)
  return parts.join(' ')
}

/** Said when a citizen's message was taken as the answer to a ticket waiting for them. */
export function replyPassedOnText (reference: string, lang: Lang): string {
  return lang === 'en'
    ? `Thank you, your answer was added to request ${reference} and passed on to the service in charge.`
    : `Merci, votre réponse a été ajoutée à la demande ${reference} et transmise au service chargé du dossier.`
}
