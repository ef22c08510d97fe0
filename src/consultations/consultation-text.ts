// How a consultation reads to a citizen (issue 20): the question, then the options numbered as
// citizens answer them; the same text by SMS, email, Teams and in the web chat.
export type Bilingual = { fr: string, en: string }

export function consultationText (question: Bilingual, options: Bilingual[]): Bilingual {
  if (!options.length) return { fr: `${question.fr}\nRépondez simplement à ce message.`, en: `${question.en}\nJust reply to this message.` }
  const list = (lang: 'fr' | 'en') => options.map((o, i) => `${i + 1} ${o[lang]}`).join('\n')
  return {
    fr: `${question.fr}\n${list('fr')}\nRépondez par le numéro de votre choix.`,
    en: `${question.en}\n${list('en')}\nReply with the number of your choice.`,
  }
}

/** Offered in the web chat (a consultation « opened in the chat »), after the assistant's answer. */
export function chatInvitationText (question: Bilingual, options: Bilingual[], lang: 'fr' | 'en'): string {
  const text = consultationText(question, options)[lang]
  return lang === 'en' ? `[Consultation] The town asks for your opinion: ${text}` : `[Consultation] La mairie vous demande votre avis : ${text}`
}
