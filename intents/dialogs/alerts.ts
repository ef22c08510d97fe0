// alerts_subscription (issue 16): consent only when asked for. A question about a current alert is
// answered from the town's current alerts; subscribing needs an explicit yes to a question that names
// the topic and the channel; leaving takes effect at once.
import type { ChannelName, Lang } from '../../src/domain.ts'
import { parseYesNo } from './answers.ts'
import type { AlertsConsentState } from './state.ts'
import { reply, say, type DialogContext, type DialogResult } from './types.ts'

const UNSUBSCRIBE = /\b(desinscri\w*|desabonn\w*|plus recevoir|ne plus|arreter|arret|stop\w*|unsubscribe|no longer|don t want|do not want|turn off|opt out|retirer|enlever)\b/
const SUBSCRIBE = /\b(abonn\w*|inscri\w*|recevoir|prevenu\w*|prevenir|averti\w*|alertez|informe\w*|sign me up|sign up|subscribe|notify|notified|receive|get the|send me|keep me)\b/
const QUESTION = /\b(en ce moment|actuellement|aujourd hui|en cours|right now|at the moment|currently|today|ongoing|y a t il|y a til|il y a|is there|are there|any|sirene|siren|c est quoi|qu est ce qui|que se passe|what s going on|what is happening|pourquoi)\b/

const TOPIC_LABELS: Record<string, [string, string]> = {
  roadworks: ['travaux', 'roadworks'], water: ['coupures d\'eau', 'water cuts'], weather: ['météo et risques', 'weather and hazards'], newsletter: ['actualités', 'news'], all: ['de la ville', 'town']
}
const TOPICS: [string, RegExp][] = [
  ['roadworks', /\b(travaux|chantier|works|roadworks|circulation|traffic)\b/],
  ['water', /\b(eau|water|coupure d eau|water cut)\b/],
  ['weather', /\b(meteo|weather|canicule|heatwave|inondation|inondations|flood|floods|crue|tempete|storm|orage|neige|snow|pollution|sirene|siren|vigilance|warning)\b/],
  ['newsletter', /\b(newsletter|lettre d information|infos de la ville|actualites|news)\b/]
]

const CHANNEL_WORDS: Record<ChannelName, [string, string]> = {
  twilio: ['par SMS', 'by text message'],
  email: ['par e-mail', 'by email'],
  webchat: ['dans ce chat', 'in this chat'],
  botframework: ['sur cette messagerie', 'on this messaging app']
}

const topicOf = (normalized: string): string => TOPICS.find(([, pattern]) => pattern.test(normalized))?.[0] ?? 'all'
const alertsName = (topic: string, lang: Lang): string => say(lang, `les alertes ${TOPIC_LABELS[topic]?.[0] ?? topic}`, `the ${TOPIC_LABELS[topic]?.[1] ?? topic} alerts`)
const channelWords = (channel: ChannelName, lang: Lang): string => say(lang, ...(CHANNEL_WORDS[channel] ?? ['sur ce canal', 'on this channel']))

/** « Voulez-vous recevoir les alertes météo et risques par SMS ? (oui / non) » */
const consentQuestion = (topic: string, ctx: DialogContext, intro: [string, string]): DialogResult => {
  const state: AlertsConsentState = { dialog: 'alerts_consent', topic }
  const what = `${alertsName(topic, ctx.lang)} ${channelWords(ctx.turn.channel, ctx.lang)}`
  return reply(`${say(ctx.lang, ...intro)}${say(ctx.lang, `Voulez-vous recevoir ${what} ? (oui / non)`, `Would you like to receive ${what}? (yes / no)`)}`, state)
}

const currentAlertsAnswer = async (ctx: DialogContext, topic: string): Promise<string> => {
  const { lang } = ctx
  const alerts = await ctx.data.currentAlerts(ctx.turn.now)
  const relevant = topic === 'all' ? alerts : [...alerts.filter(a => a.topic === topic), ...alerts.filter(a => a.topic !== topic)]
  if (relevant.length === 0) {
    return say(lang, 'Aucune alerte de la mairie en cours. Les alertes sont aussi publiées sur le site et les panneaux de la mairie ; en cas de danger immédiat, appelez le 112.',
      'No town hall alert in force. Alerts are also published on the town hall\'s website and notice boards; in an emergency, call 112.')
  }
  const texts = relevant.slice(0, 2).map(a => say(lang, a.text.fr, a.text.en))
  return `${say(lang, 'Alerte en cours', 'Current alert')}${say(lang, ' : ', ': ')}${texts.join(' — ')}`
}

export const answerAlerts = async (ctx: DialogContext): Promise<DialogResult> => {
  const text = ctx.normalized
  const topic = topicOf(text)
  if (UNSUBSCRIBE.test(text)) {
    return reply(say(ctx.lang, `C'est noté : vous ne recevrez plus ${alertsName(topic, ctx.lang)}.`, `Done: you will no longer receive ${alertsName(topic, ctx.lang)}.`),
      null, [{ type: 'alerts', topic, subscribe: false }])
  }
  // A question about what is going on is answered first; subscribing is only offered.
  if (QUESTION.test(text) || (ctx.turn.text.includes('?') && !SUBSCRIBE.test(text))) {
    const answer = await currentAlertsAnswer(ctx, topic)
    return consentQuestion(topic, ctx, [`${answer} `, `${answer} `])
  }
  return consentQuestion(topic, ctx, ['', ''])
}

/** The answer to the consent question: only a yes subscribes. Null when the message is about something else. */
export const continueAlertsConsent = (state: AlertsConsentState, ctx: DialogContext): DialogResult | null => {
  const { lang } = ctx
  const answer = parseYesNo(ctx.turn.text, ctx.normalized)
  const what = `${alertsName(state.topic, lang)} ${channelWords(ctx.turn.channel, lang)}`
  if (answer === 'yes') {
    return reply(say(lang, `C'est fait : vous recevrez ${what}. Pour arrêter, écrivez « désinscription alertes ».`, `Done: you will receive ${what}. To stop, write "unsubscribe alerts".`),
      null, [{ type: 'alerts', topic: state.topic, subscribe: true }])
  }
  if (answer === 'no') return reply(say(lang, 'D\'accord, je ne vous inscris pas.', 'All right, I am not signing you up.'))
  return null
}
