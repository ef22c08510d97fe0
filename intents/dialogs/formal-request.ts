// Formal requests (civil status, school, planning, grants, appointments, ideas): explain in one
// message, then, if the citizen wants it, take a short description and open a ticket for the service.
import type { OpenTicketAction } from '../../src/answerer.ts'
import type { Lang, TicketKind } from '../../src/domain.ts'
import type { IntentId } from '../catalog.ts'
import { normalizeText } from '../normalize.ts'
import { isCancel, parseYesNo, stripYesNo } from './answers.ts'
import type { FormalState } from './state.ts'
import { reply, say, type DialogContext, type DialogResult } from './types.ts'

type FormalSpec = { kind: TicketKind, category: string, title: string, explain: [string, string], offer: [string, string] }

const OFFER_REQUEST: [string, string] = ['Voulez-vous que je transmette une demande au service ? (oui / non)', 'Shall I pass a request on to the department? (yes / no)']

export const FORMAL_REQUESTS: Partial<Record<IntentId, FormalSpec>> = {
  civil_status_certificate: {
    kind: 'formal_request', category: 'civil_status', title: 'Demande d\'acte d\'état civil',
    explain: ['Actes de naissance, mariage ou décès : ils sont délivrés gratuitement par la mairie du lieu de l\'événement.', 'Birth, marriage and death certificates are free and issued by the town where the event took place.'],
    offer: OFFER_REQUEST
  },
  school_enrollment: {
    kind: 'formal_request', category: 'school_enrollment', title: 'Inscription scolaire ou périscolaire',
    explain: ['Inscriptions à l\'école, à la cantine et au périscolaire : le service scolaire s\'en occupe.', 'School, canteen and after-school registrations are handled by the schools department.'],
    offer: OFFER_REQUEST
  },
  building_permit: {
    kind: 'formal_request', category: 'building_permit', title: 'Question d\'urbanisme',
    explain: ['Travaux, clôture, piscine, panneaux solaires : selon le projet, une déclaration préalable ou un permis de construire est nécessaire. Le service urbanisme vous dira lequel.', 'Works, fences, pools, solar panels: depending on the project you need a prior declaration or a building permit. The planning department will tell you which.'],
    offer: OFFER_REQUEST
  },
  subsidy_request: {
    kind: 'formal_request', category: 'subsidy', title: 'Demande de subvention ou d\'aide',
    explain: ['Subventions aux associations et aides aux habitants : la demande est étudiée par le service concerné.', 'Grants for associations and help for residents are reviewed by the relevant department.'],
    offer: OFFER_REQUEST
  },
  book_appointment: {
    kind: 'appointment', category: 'appointment', title: 'Demande de rendez-vous',
    explain: ['Je peux transmettre votre demande de rendez-vous (ou de changement) au service ou à l\'élu concerné.', 'I can pass your appointment request (or change) on to the department or councillor concerned.'],
    offer: ['Voulez-vous que je la transmette ? (oui / non)', 'Shall I pass it on? (yes / no)']
  },
  participation: {
    kind: 'idea', category: 'participation', title: 'Idée ou participation citoyenne',
    explain: ['Merci de participer ! Les idées des habitants sont étudiées par la mairie (budget participatif, conseils de quartier, consultations).', 'Thank you for taking part! Residents\' ideas are reviewed by the town (participatory budget, neighbourhood councils, consultations).'],
    offer: ['Voulez-vous que je transmette votre idée ou votre question ? (oui / non)', 'Shall I pass your idea or question on? (yes / no)']
  }
}

const MIN_DESCRIPTION_WORDS = 6

const ticketOf = (spec: FormalSpec, description: string): OpenTicketAction =>
  ({ type: 'open_ticket', kind: spec.kind, category: spec.category, title: spec.title, description: description.trim().slice(0, 2000) })

const sent = (spec: FormalSpec, description: string, lang: Lang): DialogResult => ({
  replies: [spec.kind === 'idea'
    ? say(lang, 'Merci, je transmets votre idée.', 'Thank you, I am passing your idea on.')
    : say(lang, 'Merci, je transmets votre demande au service.', 'Thank you, I am passing your request on to the department.')],
  actions: [ticketOf(spec, description)],
  state: null
})

export const startFormalRequest = (intent: IntentId, ctx: DialogContext): DialogResult => {
  const spec = FORMAL_REQUESTS[intent]
  if (spec === undefined) throw new Error(`no formal request for ${intent}`)
  const text = `${say(ctx.lang, ...spec.explain)} ${say(ctx.lang, ...spec.offer)}`
  return reply(text, { dialog: 'formal', intent, step: 'offer', firstText: ctx.turn.text })
}

const wordCount = (text: string): number => normalizeText(text).split(' ').filter(Boolean).length

/** Returns null when the message is not an answer to the offer (the citizen moved on). */
export const continueFormalRequest = (state: FormalState, ctx: DialogContext): DialogResult | null => {
  const spec = FORMAL_REQUESTS[state.intent]
  if (spec === undefined) return null
  const { text } = ctx.turn
  const { lang } = ctx
  if (isCancel(text, ctx.normalized)) return reply(say(lang, 'D\'accord, c\'est annulé.', 'All right, cancelled.'))
  if (state.step === 'describe') return text.trim() === '' ? null : sent(spec, `${state.firstText}\n${text}`, lang)
  const answer = parseYesNo(text, ctx.normalized)
  if (answer === 'no') return reply(say(lang, 'D\'accord. Puis-je vous aider pour autre chose ?', 'All right. Can I help with anything else?'))
  if (answer !== 'yes') return null
  const details = stripYesNo(text)
  // Enough detail already (an email paragraph, or "oui, pour mon fils en CP"): send at once.
  if (wordCount(state.firstText) + wordCount(details) >= MIN_DESCRIPTION_WORDS * 2 || wordCount(details) >= MIN_DESCRIPTION_WORDS) {
    return sent(spec, [state.firstText, details].filter(Boolean).join('\n'), lang)
  }
  return reply(say(lang, 'Décrivez votre demande en une ou deux phrases (pour qui, quoi, quand).', 'Describe your request in one or two sentences (who, what, when).'), { ...state, step: 'describe' })
}
