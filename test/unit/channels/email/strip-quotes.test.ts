import { describe, expect, it } from 'vitest'
import { stripQuotesAndSignature } from '../../../../channels/email/strip-quotes.ts'

describe('what the classifier reads of an email', () => {
  const cases: [string, string, string][] = [
    ['a French Gmail reply', 'Et le samedi ?\n\nLe lun. 3 nov. 2026 à 10:00, Mairie <m@v.fr> a écrit :\n> Nous sommes ouverts de 9 h à 17 h.', 'Et le samedi ?'],
    ['a wrapped French attribution', 'Merci !\n\nLe lun. 3 nov. 2026 à 10:00, Mairie de Belleville <mairie@ville.example>\na écrit :\n> Bonjour', 'Merci !'],
    ['an English reply', 'What about Saturday?\n\nOn Mon, Nov 3, 2026 at 10:00 AM Town Hall <m@v.fr> wrote:\n> We are open', 'What about Saturday?'],
    ['an Outlook reply', 'Oui, rue des Lilas.\n\nDe : Mairie <m@v.fr>\nEnvoyé : lundi 3 novembre 2026 10:00\nÀ : Jeanne\nObjet : RE: Trou', 'Oui, rue des Lilas.'],
    ['an "Original Message" block', 'Voir ci-dessous\n-----Original Message-----\nFrom: x', 'Voir ci-dessous'],
    ['a signature', 'Le lampadaire est cassé.\n\n-- \nJeanne Martin\n06 12 34 56 78', 'Le lampadaire est cassé.'],
    ['interleaved quotes', '> Quelle rue ?\nRue des Lilas\n> Quel numéro ?\n12', 'Rue des Lilas\n12'],
    ['a mobile footer', 'Bonjour\n\nEnvoyé de mon iPhone', 'Bonjour'],
    ['plain text with no history', 'Le maire a-t-il reçu ma lettre ?\nMerci', 'Le maire a-t-il reçu ma lettre ?\nMerci'],
  ]
  for (const [name, input, expected] of cases) {
    it(`keeps only the new words of ${name}`, () => {
      expect(stripQuotesAndSignature(input)).toBe(expected)
    })
  }
})
