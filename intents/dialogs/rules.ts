// Dialog rules shared by every dialog (issue 16): a clear new question interrupts the current step and
// the interrupted dialog is offered back once; the same question is never asked a third time.
import type { Lang } from '../../src/domain.ts'
import type { IntentId } from '../catalog.ts'
import { extractCategory } from '../entities/category.ts'
import { extractLocation } from '../entities/location.ts'
import { isCancel, parseChoice, parseYesNo } from './answers.ts'
import { askReport } from './report-issue.ts'
import type { DialogState, ResumableState, ResumeState } from './state.ts'
import { reply, say, type DialogContext, type DialogResult } from './types.ts'

/** A message of another intent at this confidence is a new question, not an answer. */
export const INTERRUPT_CONFIDENCE = 0.7

export const dialogIntent = (state: DialogState): IntentId | null => {
  switch (state.dialog) {
    case 'report': return 'report_issue'
    case 'formal': return state.intent
    case 'clarify': return state.options[0]
    case 'waste': return 'waste_collection'
    case 'ticket_reply': return 'request_status'
    case 'alerts_consent': return 'alerts_subscription'
    default: return null
  }
}

// These read their own answers and give up (null) on anything else.
const SELF_JUDGING = new Set<DialogState['dialog']>(['resume', 'alerts_consent', 'add_details', 'recent_ticket', 'clarify', 'ticket_reply'])

/** True when the message is plainly a new question rather than an answer to the current step. */
export const interrupts = (state: DialogState, ctx: DialogContext): boolean => {
  if (SELF_JUDGING.has(state.dialog)) return false
  const { intent, confidence } = ctx.classification
  const { text } = ctx.turn
  if (confidence < INTERRUPT_CONFIDENCE || intent === dialogIntent(state) || intent === 'out_of_scope' || intent === 'greeting') return false
  if (isCancel(text, ctx.normalized) || parseChoice(text, ctx.normalized) !== null) return false
  // "oui"/"non" answer a yes/no question; a longer message that starts with them may still be new
  // "oui"/"non", "non, c'est rue des Écoles": an answer to the question asked, whatever follows
  if (parseYesNo(text, ctx.normalized) !== null) return false
  if (state.dialog === 'report') {
    if (state.step === 'where' && extractLocation(text) !== null) return false
    if (state.step !== 'confirm' && state.step !== 'where' && extractCategory(text, ctx.normalized) !== null) return false
  }
  // A street is an answer; a long message that happens to name a place is not ("a pothole in front of the school").
  if (state.dialog === 'waste' && extractLocation(text) !== null && ctx.normalized.split(' ').length <= 6) return false
  return true
}

const isResumable = (state: DialogState): state is ResumableState =>
  !state.resumed && ((state.dialog === 'report' && (state.description !== undefined || state.step !== 'what')) || (state.dialog === 'formal' && state.step === 'describe'))

const what = (state: ResumableState, lang: Lang): string => state.dialog === 'report' ? say(lang, 'votre signalement', 'your report') : say(lang, 'votre demande', 'your request')

/** After answering the interrupting question: « On reprend votre signalement ? (oui / non) », once. */
export const offerResume = (interrupted: DialogState, answered: DialogResult, lang: Lang): DialogResult => {
  if (!isResumable(interrupted) || answered.state !== null || answered.actions.some(a => a.type === 'hand_to_agent' || a.type === 'open_ticket')) return answered
  const { asked: _a, repeats: _r, stuck: _s, ...paused } = interrupted
  const state: ResumeState = { dialog: 'resume', paused: paused as ResumableState }
  const question = say(lang, `On reprend ${what(interrupted, lang)} (rien n'a encore été transmis) ? (oui / non)`, `Shall we go back to ${what(interrupted, lang)} (nothing has been sent yet)? (yes / no)`)
  return { ...answered, replies: [...answered.replies, question], state }
}

const FORMAL_DESCRIBE: [string, string] = ['Décrivez votre demande en une ou deux phrases (pour qui, quoi, quand).', 'Describe your request in one or two sentences (who, what, when).']

/** The answer to « On reprend … ? »: yes asks the paused question again, no drops it; null otherwise. */
export const continueResume = (state: ResumeState, ctx: DialogContext): DialogResult | null => {
  const { lang } = ctx
  const answer = isCancel(ctx.turn.text, ctx.normalized) ? 'no' : parseYesNo(ctx.turn.text, ctx.normalized)
  if (answer === 'no') return reply(say(lang, `D'accord, je laisse ${what(state.paused, lang)} de côté : rien n'a été transmis.`, `All right, I am dropping ${what(state.paused, lang)}: nothing was sent.`))
  if (answer !== 'yes') return null
  const paused = { ...state.paused, resumed: true }
  if (paused.dialog === 'report') {
    const asked = askReport(paused, lang)
    return { ...asked, state: { ...(asked.state as ResumableState), resumed: true } }
  }
  return reply(say(lang, ...FORMAL_DESCRIBE), paused)
}

/** Third time the same question would be asked: offer to rephrase, cancel or a person instead; a fourth: drop the dialog. */
export const guardRepeats = (previous: DialogState | null, result: DialogResult, lang: Lang): DialogResult => {
  const next = result.state
  if (next === null || next.dialog === 'recent_ticket' || next.dialog === 'resume' || result.replies.length === 0) return result
  const asked = result.replies[result.replies.length - 1]
  const same = previous !== null && previous.dialog === next.dialog && previous.asked === asked
  const repeats = same ? (previous.repeats ?? 0) + 1 : 0
  if (repeats < 2) return { ...result, state: { ...next, asked, repeats, stuck: false } }
  if (previous?.stuck === true) {
    return reply(say(lang, 'Je laisse cette démarche de côté, rien n\'a été transmis. Reformulez votre demande quand vous voulez, ou écrivez « agent » pour parler à une personne.',
      'I am leaving this aside, nothing was sent. Rephrase your request whenever you like, or write "agent" to talk to a person.'))
  }
  return {
    ...result,
    replies: [say(lang, 'Je n\'arrive pas à lire votre réponse. Vous pouvez reformuler, écrire « annuler » pour abandonner, ou « agent » pour parler à une personne.',
      'I cannot read your answer. You can rephrase it, write "cancel" to drop this, or "agent" to talk to a person.')],
    state: { ...next, asked, repeats, stuck: true }
  }
}
