// What each recipient reads (issue 20): in their language, with the way out that suits their channel.
import type { Lang } from '../domain.ts'
import type { RecipientChannel } from './audience.ts'

export type TopicNames = { fr: string, en: string }

export function broadcastText (input: { text: { fr: string, en: string }, topicName: TopicNames, kind: 'alert' | 'consultation' }, lang: Lang, key: RecipientChannel, unsubscribeUrl?: string): string {
  const body = input.text[lang]
  const label = input.kind === 'consultation' ? (lang === 'en' ? 'Consultation' : 'Consultation') : input.topicName[lang]
  const head = `[${label}] ${body}`
  if (key === 'sms' || key === 'whatsapp') return `${head}\n${lang === 'en' ? 'Reply STOP to unsubscribe.' : 'STOP pour vous désabonner.'}`
  if (key === 'email' && unsubscribeUrl) {
    return `${head}\n\n${lang === 'en' ? `To stop receiving "${input.topicName.en}" messages: ${unsubscribeUrl}` : `Pour ne plus recevoir les messages « ${input.topicName.fr} » : ${unsubscribeUrl}`}`
  }
  return head
}

export function bulkSubject (kind: 'alert' | 'consultation', topicName: TopicNames, townName: string, lang: Lang): string {
  if (kind === 'consultation') return lang === 'en' ? `Consultation – ${townName}` : `Consultation – ${townName}`
  return lang === 'en' ? `${topicName.en} alert – ${townName}` : `Alerte ${topicName.fr} – ${townName}`
}
