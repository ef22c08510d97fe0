// One-message answers: keywords, greeting, thanks, a person, alerts, identity documents, out of scope.
import type { TownData } from '../../src/answerer.ts'
import type { Lang } from '../../src/domain.ts'
import type { KeywordMatch } from '../keywords.ts'
import { whenAgentAnswers } from './agent-wait.ts'
import { reply, say, type DialogContext, type DialogResult } from './types.ts'

const capabilities = (lang: Lang): string => say(lang,
  'horaires, signalements (voirie, éclairage…), état civil, écoles et cantine, déchets, événements, suivi de vos demandes',
  'opening hours, reports (roads, lights…), certificates, schools and canteen, waste, events, tracking your requests')

export const answerKeyword = (match: KeywordMatch, lang: Lang, data: TownData): DialogResult => {
  switch (match.intent) {
    case 'opt_out':
      return reply(say(lang, 'C\'est noté : vous ne recevrez plus de messages sur ce canal. Envoyez START pour les réactiver.', 'Done: you will no longer receive messages on this channel. Send START to turn them back on.'),
        null, [{ type: 'opt_out', keyword: match.keyword }])
    case 'opt_in':
      return reply(say(lang, 'C\'est noté : les messages sont réactivés sur ce canal.', 'Done: messages are turned back on for this channel.'), null, [{ type: 'opt_in', keyword: match.keyword }])
    case 'help':
      return reply(say(lang,
        `Assistant automatisé de la mairie de ${data.settings.townName} : ${capabilities(lang)}. Écrivez « agent » pour une personne, STOP pour ne plus recevoir de messages.`,
        `Automated assistant of ${data.settings.townName} town hall: ${capabilities(lang)}. Write "agent" for a person, STOP to stop messages.`))
  }
}

export const answerGreeting = (ctx: DialogContext): DialogResult => ctx.turn.isFirstMessage
  ? reply(say(ctx.lang, 'Comment puis-je vous aider ?', 'How can I help you?'))
  : reply(say(ctx.lang, `Bonjour ! Je peux vous aider pour : ${capabilities(ctx.lang)}. Que puis-je faire pour vous ?`, `Hello! I can help with ${capabilities(ctx.lang)}. What can I do for you?`))

export const answerThanks = (ctx: DialogContext): DialogResult =>
  reply(say(ctx.lang, 'Avec plaisir, bonne journée !', 'You are welcome, have a nice day!'))

const meanwhile = (lang: Lang): string => say(lang, 'En attendant, je peux répondre aux questions simples ; pour revenir à l\'assistant, écrivez « assistant ».',
  'Meanwhile I can answer simple questions; to go back to the assistant, write "assistant".')

export const answerTalkToAgent = async (ctx: DialogContext): Promise<DialogResult> =>
  reply(`${say(ctx.lang, 'Je transmets votre conversation à un agent de la mairie.', 'I am passing your conversation to a member of staff.')} ${await whenAgentAnswers(ctx)} ${meanwhile(ctx.lang)}`,
    null, [{ type: 'hand_to_agent', reason: 'asked_for_agent' }])

export const answerMisunderstoodTwice = async (ctx: DialogContext): Promise<DialogResult> => ({
  ...reply(`${say(ctx.lang, 'Je n\'arrive pas à comprendre, désolé. Je transmets à un agent de la mairie.', 'Sorry, I cannot understand. I am passing you to a member of staff.')} ${await whenAgentAnswers(ctx)} ${meanwhile(ctx.lang)}`,
    null, [{ type: 'hand_to_agent', reason: 'misunderstood' }]),
  misunderstood: true
})

/** Below this, "out of scope" means "not understood" (gibberish), not "another body's business". */
const SURE_OUT_OF_SCOPE = 0.5

export const answerOutOfScope = (ctx: DialogContext): DialogResult => {
  const what = ctx.classification.confidence < SURE_OUT_OF_SCOPE
    ? say(ctx.lang, 'Je n\'ai pas compris votre message.', 'I did not understand your message.')
    // Other bodies' business (CAF, ANTS, impots.gouv…): the town's FAQ redirections name the body (issue 16).
    : say(ctx.lang, 'Je ne peux pas vous aider pour cela : ce n\'est pas une démarche de la mairie (impôts, CAF, carte grise, emploi… ont leurs propres services, voir service-public.fr).',
      'I cannot help with that: it is not a town hall matter (taxes, benefits, vehicle papers, jobs… have their own services, see service-public.fr).')
  return {
    ...reply(`${what} ${say(ctx.lang, `Je peux vous renseigner sur : ${capabilities(ctx.lang)}. Écrivez « agent » pour parler à une personne.`,
      `I can help with ${capabilities(ctx.lang)}. Write "agent" to talk to a person.`)}`),
    misunderstood: true
  }
}

export const answerIdentityDocuments = (ctx: DialogContext): DialogResult => {
  const { bookingUrl } = ctx.data.settings
  const booking = bookingUrl === undefined
    ? say(ctx.lang, 'prenez rendez-vous auprès de la mairie', 'book an appointment with the town hall')
    : say(ctx.lang, `prenez rendez-vous ici : ${bookingUrl}`, `book an appointment here: ${bookingUrl}`)
  return reply(say(ctx.lang,
    `Carte d'identité ou passeport : faites la pré-demande sur ants.gouv.fr, puis ${booking}. Apportez photo récente, justificatif de domicile et ancien titre (ou déclaration de perte/vol).`,
    `ID card or passport: fill in the pre-application on ants.gouv.fr, then ${booking}. Bring a recent photo, proof of address and your old document (or loss/theft report).`))
}

