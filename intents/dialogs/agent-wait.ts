// Waiting for a person is never silence (issue 16): the citizen is told when a person will answer,
// from the working hours of the conversation's service (intents/time/working-hours.ts), can go
// back to the assistant with one word, and still gets plain information meanwhile.
import type { Lang } from '../../src/domain.ts'
import type { IntentId } from '../catalog.ts'
import { workingHoursOf } from '../time/working-hours.ts'
import { toWall } from '../time/wall-clock.ts'
import { frenchTime } from './typography.ts'
import { say, type DialogContext, type DialogResult } from './types.ts'

const DAY_NAMES: Record<Lang, string[]> = {
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
}

const dayDiff = (a: Date, b: Date): number =>
  Math.round((new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime() - new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime()) / 86_400_000)

const clock = (date: Date, lang: Lang): string => {
  const hh = String(date.getHours()).padStart(2, '0')
  const mm = String(date.getMinutes()).padStart(2, '0')
  return lang === 'en' ? `${hh}:${mm}` : frenchTime(`${hh}:${mm}`)
}

// « le service État civil », « le service voirie » (a name that already says « Service voirie »).
const serviceFr = (name: string): string => /^service\s/i.test(name) ? `le s${name.slice(1)}` : `le service ${name}`

/**
 * « Un agent vous répondra lundi à partir de 8 h 30. », from the working hours of the service whose
 * queue the conversation is in (turn.serviceCode), else the town hall's (place `mairie`).
 */
export const whenAgentAnswers = async (ctx: DialogContext): Promise<string> => {
  const { lang, data, turn } = ctx
  const [places, services] = await Promise.all([data.places(), data.services?.() ?? []])
  const hours = workingHoursOf(turn.serviceCode, { places, services }, data.settings)
  const fallback = say(lang, 'Un agent vous répondra ici pendant les heures d\'ouverture de la mairie.', 'A member of staff will answer here during town hall opening hours.')
  if (hours === null) return fallback
  const who = hours.service === undefined
    ? { fr: 'la mairie est ouverte', en: 'the town hall is open' }
    : { fr: `${serviceFr(hours.service.name)} répond`, en: `${hours.service.nameEn} answers` }
  const { schedule } = hours
  const { timeZone } = data.settings
  if (schedule.isOpenAt(turn.now)) {
    const closes = schedule.nextClosing(turn.now)
    return closes === null
      ? say(lang, 'Un agent vous répondra ici dès que possible.', 'A member of staff will answer here as soon as possible.')
      : say(lang, `Un agent vous répondra ici dès que possible (${who.fr} jusqu'à ${clock(toWall(closes, timeZone), lang)}).`, `A member of staff will answer here as soon as possible (${who.en} until ${clock(toWall(closes, timeZone), lang)}).`)
  }
  const next = schedule.nextOpening(turn.now)
  if (next === null) return fallback
  const opens = toWall(next, timeZone)
  const days = dayDiff(toWall(turn.now, timeZone), opens)
  const name = DAY_NAMES[lang][opens.getDay()]
  const day = days === 0 ? say(lang, 'aujourd\'hui', 'today') : days === 1 ? say(lang, `demain ${name}`, `tomorrow (${name})`) : name
  return say(lang, `Un agent vous répondra ${day} à partir de ${clock(opens, lang)}.`, `A member of staff will answer ${day} from ${clock(opens, lang)}.`)
}

const BACK = /^(?:(?:retour|revenir|retourner|repasser|back)(?: (?:a|à|to))?(?: l| the)? ?)?(?:assistant|robot|bot|chatbot)(?: (?:svp|s il vous plait|please))?$/

/** "assistant", "revenir à l'assistant", "back to the bot": leave the queue for a person. */
export const isBackToAssistant = (normalized: string): boolean => BACK.test(normalized.replace(/^(je veux |je voudrais |i want to go |go )/, ''))

/** Plain information the assistant still gives while the citizen waits for a person. */
export const INFORMATION_INTENTS = new Set<IntentId>(['opening_hours', 'canteen_menu', 'events_agenda', 'waste_collection', 'identity_documents', 'request_status', 'alerts_subscription'])

export const backToAssistant = (lang: Lang): DialogResult => ({
  replies: [say(lang, 'D\'accord, c\'est de nouveau l\'assistant qui vous répond. Que puis-je faire pour vous ?', 'All right, the assistant is answering again. What can I do for you?')],
  actions: [{ type: 'back_to_assistant' }],
  state: null
})

/** The reply to a message that waits for a person (not an information question). */
export const stillWaiting = async (ctx: DialogContext): Promise<DialogResult> => ({
  replies: [`${say(ctx.lang, 'C\'est noté, votre message est transmis.', 'Noted, your message is passed on.')} ${await whenAgentAnswers(ctx)} ${say(ctx.lang, 'Pour revenir à l\'assistant, écrivez « assistant ».', 'To go back to the assistant, write "assistant".')}`],
  actions: [],
  state: null
})
