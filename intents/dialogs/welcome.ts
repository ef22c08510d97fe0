// The first message of every conversation. EU AI Act art. 50: say it is an automated assistant;
// RGPD art. 13: link the privacy notice; and say how to reach a person at any time.
import type { TownData } from '../../src/answerer.ts'
import type { ChannelName, Lang } from '../../src/domain.ts'

export const welcomeText = (lang: Lang, channel: ChannelName, data: TownData): string => {
  const { townName, privacyUrl } = data.settings
  // SMS: one short segment pair; other channels can afford a full sentence.
  if (channel === 'twilio') {
    return lang === 'en'
      ? `${townName} town hall automated assistant. Write "agent" for a person at any time. Privacy: ${privacyUrl}`
      : `Assistant automatisé de la mairie de ${townName}. Écrivez « agent » pour parler à une personne à tout moment. Données : ${privacyUrl}`
  }
  return lang === 'en'
    ? `Hello, I am the automated assistant of ${townName} town hall. A member of staff can take over at any time: just write "agent". How we handle your data: ${privacyUrl}`
    : `Bonjour, je suis l'assistant automatisé de la mairie de ${townName}. Un agent peut prendre le relais à tout moment : écrivez « agent » ou « conseiller ». Vos données : ${privacyUrl}`
}
