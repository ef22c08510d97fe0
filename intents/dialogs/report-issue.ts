// report_issue: collect what and where (optional photo or shared position), read it back,
// and open the ticket on "oui". The citizen can correct a detail or cancel at any step.
import type { OpenTicketAction } from '../../src/answerer.ts'
import type { Lang, ReportCategory } from '../../src/domain.ts'
import { extractCategory } from '../entities/category.ts'
import { extractLocation } from '../entities/location.ts'
import { normalizeText } from '../normalize.ts'
import { isCancel, isFiller, parseYesNo, stripYesNo } from './answers.ts'
import type { ReportState } from './state.ts'
import { reply, say, type DialogContext, type DialogResult } from './types.ts'

const CATEGORY_LABELS: Record<ReportCategory, [string, string]> = {
  roads: ['Voirie', 'Roads'],
  lighting: ['Éclairage public', 'Street lighting'],
  dumping: ['Dépôt sauvage', 'Illegal dumping'],
  graffiti: ['Tags et graffitis', 'Graffiti'],
  trees: ['Arbres et espaces verts', 'Trees'],
  water: ['Eau et assainissement', 'Water and drains'],
  furniture: ['Mobilier urbain', 'Street furniture'],
  cleanliness: ['Propreté', 'Cleanliness'],
  other: ['Autre problème', 'Other issue']
}

// Words of "I want to report a problem" that say nothing about the problem itself.
const GENERIC_WORDS = new Set(('je j veux voudrais voudrai souhaite aimerais faire un une le la les de du des d l il y a ' +
  'signaler signale signalement signalements nouveau probleme problemes souci truc bonjour merci s vous plait te ' +
  'i want would like to a an the report reporting new problem issue an hello please thanks make there is').split(' '))

/** `normalized` is normalizeText(text). */
const hasDescription = (normalized: string): boolean =>
  normalized.split(' ').filter(word => word !== '' && !GENERIC_WORDS.has(word)).length >= 2

const withTurnExtras = (state: ReportState, ctx: DialogContext): ReportState => {
  const { attachments, location } = ctx.turn
  const next = { ...state, attachmentIds: [...state.attachmentIds, ...attachments.map(a => a.id).filter(id => !state.attachmentIds.includes(id))] }
  if (location !== undefined) {
    next.latitude = location.latitude
    next.longitude = location.longitude
    next.address ??= location.address
  }
  return next
}

/** `normalized` is normalizeText(text), when the caller has it. */
const describe = (state: ReportState, text: string, normalized = normalizeText(text)): ReportState =>
  ({ ...state, description: text.trim(), category: extractCategory(text, normalized) ?? state.category ?? 'other' })

const hasPlace = (state: ReportState): boolean => state.address !== undefined || state.latitude !== undefined

export const askReport = (state: ReportState, lang: Lang): DialogResult => ask(state, lang)

const ask = (state: ReportState, lang: Lang): DialogResult => {
  if (state.description === undefined) {
    return reply(say(lang, 'Que souhaitez-vous signaler ? Décrivez le problème en quelques mots.', 'What would you like to report? Describe the problem in a few words.'), { ...state, step: 'what' })
  }
  if (!hasPlace(state)) {
    return reply(say(lang, 'Où exactement ? Indiquez une adresse ou un lieu (vous pouvez aussi partager votre position ou joindre une photo).',
      'Where exactly? Give an address or a place (you can also share your location or attach a photo).'), { ...state, step: 'where' })
  }
  return reply(recap(state, lang), { ...state, step: 'confirm' })
}

const recap = (state: ReportState, lang: Lang): string => {
  const [labelFr, labelEn] = CATEGORY_LABELS[state.category ?? 'other']
  const description = (state.description ?? '').length > 90 ? `${(state.description ?? '').slice(0, 87)}…` : state.description
  const place = state.address ?? say(lang, 'votre position partagée', 'your shared location')
  const photos = state.attachmentIds.length === 0 ? '' : say(lang, `, ${state.attachmentIds.length} photo(s)`, `, ${state.attachmentIds.length} photo(s)`)
  return say(lang,
    `Je récapitule : ${labelFr} – « ${description} » – ${place}${photos}. Je transmets ? (oui / non) Pour abandonner, écrivez « annuler ».`,
    `To sum up: ${labelEn} – "${description}" – ${place}${photos}. Shall I send it? (yes / no) To drop it, write "cancel".`)
}

const ticketOf = (state: ReportState): OpenTicketAction => {
  const category = state.category ?? 'other'
  return {
    type: 'open_ticket',
    kind: 'report',
    category,
    title: `${CATEGORY_LABELS[category][0]}${state.address === undefined ? '' : ` – ${state.address}`}`.slice(0, 120),
    description: state.description ?? '',
    ...(state.address === undefined ? {} : { address: state.address }),
    ...(state.latitude === undefined ? {} : { latitude: state.latitude, longitude: state.longitude }),
    ...(state.attachmentIds.length === 0 ? {} : { attachmentIds: state.attachmentIds })
  }
}

/** First message of a report: keep whatever it already says (what, where, photo). */
export const startReport = (ctx: DialogContext): DialogResult => {
  const { text } = ctx.turn
  let state: ReportState = withTurnExtras({ dialog: 'report', step: 'what', attachmentIds: [] }, ctx)
  if (hasDescription(ctx.normalized)) state = describe(state, text, ctx.normalized)
  const address = extractLocation(text)
  if (address !== null) state.address = address
  return ask(state, ctx.lang)
}

// A correction names a place ("non, c'est rue Victor Hugo") or re-describes the problem.
const correct = (state: ReportState, text: string, normalized?: string): ReportState => {
  const address = extractLocation(text)
  if (address !== null) return { ...state, address }
  return describe(state, text, normalized)
}

// Intents that can answer "what?" or "where?" without being a change of subject.
const ANSWER_LIKE = new Set(['report_issue', 'out_of_scope', 'greeting', 'thanks_goodbye'])
const SWITCH_CONFIDENCE = 0.9

// "horaires de la piscine ?" instead of an address: the citizen moved on, so the report is dropped.
const changedSubject = (state: ReportState, ctx: DialogContext): boolean => {
  const { intent, confidence } = ctx.classification
  const { text } = ctx.turn
  return (state.step === 'what' || state.step === 'where') && confidence >= SWITCH_CONFIDENCE && !ANSWER_LIKE.has(intent) &&
    extractCategory(text, ctx.normalized) === null && extractLocation(text) === null
}

/** Null when the citizen changed the subject (the assistant then answers the new message). */
export const continueReport = (state: ReportState, ctx: DialogContext): DialogResult | null => {
  const { text } = ctx.turn
  const { lang, normalized } = ctx
  if (isCancel(text, normalized)) return reply(say(lang, 'C\'est annulé, rien n\'a été transmis.', 'Cancelled, nothing was sent.'))
  if (changedSubject(state, ctx)) return null
  const current = withTurnExtras(state, ctx)
  // "ok", "merci" answer nothing: the question is asked again
  const hasText = text.trim() !== '' && !isFiller(text, normalized)
  switch (current.step) {
    case 'what':
      return ask(hasText ? { ...describe(current, text, normalized), address: extractLocation(text) ?? current.address } : current, lang)
    case 'where': {
      const address = extractLocation(text) ?? (hasText && parseYesNo(text, normalized) === null ? text.trim().slice(0, 200) : undefined)
      return ask(address === undefined ? current : { ...current, address }, lang)
    }
    case 'correct':
      return ask(hasText ? correct(current, text, normalized) : current, lang)
    case 'confirm':
      return confirmStep(current, ctx)
  }
}

const confirmStep = (state: ReportState, ctx: DialogContext): DialogResult => {
  const { text } = ctx.turn
  const { lang } = ctx
  const answer = parseYesNo(text, ctx.normalized)
  if (answer === 'yes' && extractLocation(stripYesNo(text)) === null) {
    return { replies: [say(lang, 'Merci, je transmets votre signalement.', 'Thank you, I am passing your report on.')], actions: [ticketOf(state)], state: null }
  }
  const rest = answer === null ? text : stripYesNo(text)
  // "non merci" at the read-back is a refusal, not a new description
  if (answer === 'no' && rest !== '' && isFiller(rest)) return reply(say(lang, 'C\'est annulé, rien n\'a été transmis.', 'Cancelled, nothing was sent.'))
  if (rest.trim() !== '' && (answer === 'no' || extractLocation(rest) !== null)) return ask(correct(state, rest), lang)
  if (answer === 'no') {
    return reply(say(lang, 'Que faut-il corriger ? Donnez le bon lieu ou décrivez à nouveau le problème.', 'What should I correct? Give the right place or describe the problem again.'), { ...state, step: 'correct' })
  }
  if (ctx.turn.attachments.length > 0 || ctx.turn.location !== undefined) return ask(state, lang)
  return reply(say(lang, 'Répondez « oui » pour transmettre ou « non » pour corriger. Pour abandonner ce signalement, écrivez « annuler ».', 'Reply "yes" to send it or "no" to correct it. To drop this report, write "cancel".'), state)
}
