// One-message answers: keywords, greeting, thanks, a person, alerts, identity documents, out of scope.
import type { TownData } from '../../src/core/assistant.ts'
import type { Lang } from '../../src/domain.ts'
import type { KeywordMatch } from '../keywords.ts'
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

export const answerTalkToAgent = (ctx: DialogContext): DialogResult =>
  reply(say(ctx.lang, 'Je transmets votre conversation à un agent de la mairie : il vous répondra ici dès que possible.', 'I am passing your conversation to a member of staff: they will answer here as soon as possible.'),
    null, [{ type: 'hand_to_agent', reason: 'asked_for_agent' }])

export const answerMisunderstoodTwice = (ctx: DialogContext): DialogResult => ({
  ...reply(say(ctx.lang, 'Je n\'arrive pas à comprendre, désolé. Je transmets à un agent de la mairie, qui vous répondra ici.', 'Sorry, I cannot understand. I am passing you to a member of staff, who will answer here.'),
    null, [{ type: 'hand_to_agent', reason: 'misunderstood' }]),
  misunderstood: true
})

export const answerOutOfScope = (ctx: DialogContext): DialogResult => ({
  ...reply(say(ctx.lang, `Je ne peux pas vous aider pour cela. Je peux vous renseigner sur : ${capabilities(ctx.lang)}. Écrivez « agent » pour parler à une personne.`,
    `I cannot help with that. I can help with ${capabilities(ctx.lang)}. Write "agent" to talk to a person.`)),
  misunderstood: true
})

export const answerIdentityDocuments = (ctx: DialogContext): DialogResult => {
  const { bookingUrl } = ctx.data.settings
  const booking = bookingUrl === undefined
    ? say(ctx.lang, 'prenez rendez-vous auprès de la mairie', 'book an appointment with the town hall')
    : say(ctx.lang, `prenez rendez-vous ici : ${bookingUrl}`, `book an appointment here: ${bookingUrl}`)
  return reply(say(ctx.lang,
    `Carte d'identité ou passeport : faites la pré-demande sur ants.gouv.fr, puis ${booking}. Apportez photo récente, justificatif de domicile et ancien titre (ou déclaration de perte/vol).`,
    `ID card or passport: fill in the pre-application on ants.gouv.fr, then ${booking}. Bring a recent photo, proof of address and your old document (or loss/theft report).`))
}

const UNSUBSCRIBE = /\b(desinscri\w*|desabonn\w*|plus recevoir|ne plus|arreter|arret|stop\w*|unsubscribe|no longer|don t want|do not want|turn off|opt out|retirer|enlever)\b/
const TOPIC_LABELS: Record<string, [string, string]> = {
  roadworks: ['travaux', 'roadworks'], water: ['coupures d\'eau', 'water cuts'], weather: ['météo et risques', 'weather and hazards'], newsletter: ['actualités', 'news']
}
const TOPICS: [string, RegExp][] = [
  ['roadworks', /\b(travaux|chantier|works|roadworks|circulation|traffic)\b/],
  ['water', /\b(eau|water|coupure d eau|water cut)\b/],
  ['weather', /\b(meteo|weather|canicule|heatwave|inondation|flood|crue|tempete|storm|orage|neige|snow|pollution)\b/],
  ['newsletter', /\b(newsletter|lettre d information|infos de la ville|actualites|news)\b/]
]

export const answerAlerts = (ctx: DialogContext): DialogResult => {
  const text = ctx.normalized
  const subscribe = !UNSUBSCRIBE.test(text)
  const topic = TOPICS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'all'
  const what = topic === 'all' ? say(ctx.lang, 'les alertes de la ville', 'the town alerts') : say(ctx.lang, `les alertes ${TOPIC_LABELS[topic][0]}`, `the ${TOPIC_LABELS[topic][1]} alerts`)
  const text2 = subscribe
    ? say(ctx.lang, `C'est noté : vous recevrez ${what} sur ce canal. Écrivez « désinscription alertes » pour arrêter.`, `Done: you will receive ${what} on this channel. Write "unsubscribe alerts" to stop.`)
    : say(ctx.lang, `C'est noté : vous ne recevrez plus ${what}.`, `Done: you will no longer receive ${what}.`)
  return reply(text2, null, [{ type: 'alerts', topic, subscribe }])
}
