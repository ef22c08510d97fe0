// A small keyword answerer behind the Answerer interface, for tests: the reference behaviour in
// core and channel tests where the intent layer is not wired.
import type { Answerer, TurnResult } from '../../src/answerer.ts'
import type { Lang } from '../../src/domain.ts'

const ENGLISH = /\b(hello|hi|thanks|thank you|please|what|when|where|opening|hours|help|the)\b/i

export function createKeywordAnswerer (): Answerer {
  return {
    async answer (turn): Promise<TurnResult> {
      const text = turn.text.trim()
      const lang: Lang = ENGLISH.test(text) ? 'en' : turn.lang ?? 'fr'
      const base = { confidence: 1, lang, entities: {}, dialogState: null, misunderstood: false }
      if (/^(stop|arret|arrêt|stop sms|unsubscribe)$/i.test(text)) {
        return { ...base, intent: 'opt_out', replies: [lang === 'en' ? 'You will not receive messages here any more. Send START to resume.' : 'Vous ne recevrez plus de messages ici. Envoyez START pour reprendre.'], actions: [{ type: 'opt_out', keyword: text.toUpperCase() }] }
      }
      if (/^start$/i.test(text)) return { ...base, intent: 'opt_in', replies: [lang === 'en' ? 'Messages resumed.' : 'Les messages reprennent.'], actions: [{ type: 'opt_in', keyword: 'START' }] }
      if (/\b(agent|conseiller|humain|person)\b/i.test(text)) {
        return { ...base, intent: 'talk_to_agent', replies: [lang === 'en' ? 'A member of staff will answer you here.' : 'Un agent de la mairie va vous répondre ici.'], actions: [{ type: 'hand_to_agent', reason: 'asked_for_agent' }] }
      }
      if (/\b(bonjour|salut|hello|hi|bjr)\b/i.test(text)) {
        return { ...base, intent: 'greeting', replies: [lang === 'en' ? 'Hello! How can I help you?' : 'Bonjour ! Comment puis-je vous aider ?'], actions: [] }
      }
      return { ...base, intent: 'out_of_scope', confidence: 0.3, misunderstood: true, replies: [lang === 'en' ? 'I did not understand. Write "agent" to talk to a person.' : 'Je n’ai pas compris. Écrivez « agent » pour parler à une personne.'], actions: [] }
    },
    welcome (lang, _channel, data) {
      return lang === 'en'
        ? `Hello, I am the automated assistant of the town hall of ${data.settings.townName}. A person can take over at any time: just ask. Privacy notice: ${data.settings.privacyUrl}`
        : `Bonjour, je suis l’assistant automatique de la mairie de ${data.settings.townName}. Un agent peut prendre le relais à tout moment : il suffit de le demander. Protection des données : ${data.settings.privacyUrl}`
    },
  }
}
