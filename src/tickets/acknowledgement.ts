// The acknowledgement a citizen gets when a ticket is opened. For formal requests it carries the
// mentions French administrative law expects of an electronic acknowledgement (accusé de réception
// électronique, CRPA art. L112-11 and R112-11-1): date of receipt, service in charge and its
// contacts, and the date on which silence means a decision, where that applies.
import type { Lang } from '../domain.ts'

type AckInput = {
  ticket: { reference: string, kind: string, createdAt: Date, implicitDecisionAt: Date | null }
  category: { nameFr: string, nameEn: string }
  service: { nameFr: string, nameEn: string, email: string | null, phone: string | null, address: string | null }
  lang: Lang
  timeZone: string
  publicUrl: string
}

export function formatDate (date: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(date)
}

export function acknowledgementText ({ ticket, category, service, lang, timeZone }: AckInput): string {
  const received = formatDate(ticket.createdAt, lang, timeZone)
  const contacts = [service.phone, service.email].filter(Boolean).join(', ')
  if (lang === 'en') {
    const parts = [`Your request ${ticket.reference} (${category.nameEn}) was received on ${received}. Service in charge: ${service.nameEn}${contacts ? ` (${contacts})` : ''}.`]
    if (ticket.kind === 'formal_request') {
      parts.push(ticket.implicitDecisionAt
        ? `Without an answer by ${formatDate(ticket.implicitDecisionAt, lang, timeZone)}, your request will be deemed ${'accepted'} (implicit decision) unless the law provides otherwise.`
        : 'No implicit decision applies to this request.')
    }
    parts.push(`To follow it, send its reference ${ticket.reference} here at any time.`)
    return parts.join(' ')
  }
  const parts = [`Votre demande ${ticket.reference} (${category.nameFr}) a été reçue le ${received}. Service chargé du dossier : ${service.nameFr}${contacts ? ` (${contacts})` : ''}.`]
  if (ticket.kind === 'formal_request') {
    parts.push(ticket.implicitDecisionAt
      ? `Sans réponse de notre part au ${formatDate(ticket.implicitDecisionAt, lang, timeZone)}, votre demande sera réputée acceptée (décision implicite), sauf disposition contraire.`
      : 'Aucune décision implicite ne s’applique à cette demande.')
  }
  parts.push(`Pour la suivre, écrivez ici sa référence ${ticket.reference} à tout moment.`)
  return parts.join(' ')
}
