// What the citizen is told when a person takes over or hands back (French by default, English
// when the conversation is in English).
import type { Lang } from '../domain.ts'

const NOTICES = {
  takeover: {
    fr: 'Une personne de la mairie prend le relais et va vous répondre ici.',
    en: 'A person from the town hall is taking over and will answer you here.',
  },
  handback: {
    fr: "L'assistant automatique reprend la conversation. Vous pouvez demander à parler à une personne à tout moment.",
    en: 'The automated assistant is back. You can ask to talk to a person at any time.',
  },
} as const

export function citizenNotice (kind: keyof typeof NOTICES, lang: string): string {
  return NOTICES[kind][(lang === 'en' ? 'en' : 'fr') satisfies Lang]
}
