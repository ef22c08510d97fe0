// The acknowledgement a citizen gets when a ticket is opened. For formal requests it carries the
// mentions French administrative law expects of an electronic acknowledgement (accusé de réception
// électronique, CRPA art. L112-11 and R112-11-1): date of receipt, the service in charge with its
// postal address, email and phone, and the date on which silence becomes a decision, saying
// whether that decision is an acceptance or a rejection (with the ways of appeal for a rejection).
import type { Lang } from '../domain.ts'

type AckInput = {
  ticket: { reference: string, kind: string, createdAt: Date, implicitDecisionAt: Date | null }
  category: { code?: string, nameFr: string, nameEn: string }
  service: { nameFr: string, nameEn: string, email: string | null, phone: string | null, address: string | null }
  lang: Lang
  timeZone: string
  publicUrl: string
}

export type ImplicitDecision = 'acceptance' | 'rejection'

// Silence is acceptance by default (CRPA L231-1), but a rejection for requests of a financial
// nature such as subsidies (L231-4). Building permits: silence gives a tacit permit (Code de
// l'urbanisme R424-1), counted from a complete file (R423-19, R423-22).
const IMPLICIT_REJECTION = new Set(['subsidy'])
const COUNTS_FROM_COMPLETE_FILE = new Set(['building_permit'])

export function implicitDecisionOf (categoryCode: string | undefined): ImplicitDecision {
  return categoryCode && IMPLICIT_REJECTION.has(categoryCode) ? 'rejection' : 'acceptance'
}

/** The date silence becomes a decision: whole months count as calendar months ("deux mois", L231-1). */
export function implicitDecisionDate (receivedAt: Date, days: number | null): Date | null {
  if (!days) return null
  if (days % 30 !== 0) return new Date(receivedAt.getTime() + days * 86_400_000)
  const date = new Date(receivedAt)
  date.setUTCMonth(date.getUTCMonth() + days / 30)
  return date
}

export function formatDate (date: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(date)
}

export function acknowledgementText ({ ticket, category, service, lang, timeZone }: AckInput): string {
  const received = formatDate(ticket.createdAt, lang, timeZone)
  const contacts = [service.address, service.phone, service.email].filter(Boolean).join(', ')
  const isFormal = ticket.kind === 'formal_request'
  const decision = implicitDecisionOf(category.code)
  const fromCompleteFile = Boolean(category.code && COUNTS_FROM_COMPLETE_FILE.has(category.code))
  if (lang === 'en') {
    const parts = [`Your request ${ticket.reference} (${category.nameEn}) was received on ${received}. Service in charge: ${service.nameEn}${contacts ? ` (${contacts})` : ''}.`]
    if (isFormal && ticket.implicitDecisionAt) {
      const by = formatDate(ticket.implicitDecisionAt, lang, timeZone)
      parts.push(decision === 'rejection'
        ? `Without an answer by ${by}, your request will be deemed refused (implicit decision). You may then appeal to the mayor within two months, or to the administrative court within two months.`
        : `Without an answer by ${by}, your request will be deemed accepted (implicit decision); you can then ask us for a certificate of that decision.`)
      if (fromCompleteFile) parts.push('This period runs from receipt of a complete file: if a document is missing, we will tell you within one month and the period will start again when we receive it.')
    } else if (isFormal) {
      parts.push('No implicit decision applies to this request.')
    }
    parts.push(`To follow it, send its reference ${ticket.reference} here at any time.`)
    return parts.join(' ')
  }
  const parts = [`Votre demande ${ticket.reference} (${category.nameFr}) a été reçue le ${received}. Service chargé du dossier : ${service.nameFr}${contacts ? ` (${contacts})` : ''}.`]
  if (isFormal && ticket.implicitDecisionAt) {
    const by = formatDate(ticket.implicitDecisionAt, lang, timeZone)
    parts.push(decision === 'rejection'
      ? `Sans réponse de notre part au ${by}, votre demande sera réputée rejetée (décision implicite de rejet). Vous pourrez alors former un recours gracieux auprès du maire ou un recours contentieux devant le tribunal administratif, dans les deux mois.`
      : `Sans réponse de notre part au ${by}, votre demande sera réputée acceptée (décision implicite d’acceptation) ; vous pourrez alors nous demander une attestation de cette décision.`)
    if (fromCompleteFile) parts.push('Ce délai court à compter de la réception d’un dossier complet : s’il manque une pièce, nous vous le dirons dans le mois et le délai partira de sa réception.')
  } else if (isFormal) {
    parts.push('Aucune décision implicite ne s’applique à cette demande.')
  }
  parts.push(`Pour la suivre, écrivez ici sa référence ${ticket.reference} à tout moment.`)
  return parts.join(' ')
}
