// Report category (intents-catalog.md `category`) from the words of the message.
// Order matters: "tag sur l'abribus" is graffiti, not furniture; "sacs abandonnés" is dumping, not cleanliness.
import type { ReportCategory } from '../../src/domain.ts'
import { normalizeText } from '../normalize.ts'

const CATEGORY_PATTERNS: [ReportCategory, RegExp][] = [
  ['graffiti', /\b(tags?|tague|graffitis?|graff|inscriptions? sur le mur|spray)\b/],
  ['lighting', /\b(lampadaires?|lampadair|eclairages?|lumieres?|reverberes?|street ?lights?|street ?lamps?|lamp ?posts?|lights? (is |are )?out|dans le noir|in the dark)\b/],
  ['dumping', /\b(depots? sauvages?|depot sauvage|gravats|matelas|dumping|dumped|fly ?tipping|decharge sauvage|abandonnes?|abandoned|jete des|deposes? illegalement|illegalement)\b/],
  ['water', /\b(fuites?|fuit|leak(s|ing)?|eau|water|egouts?|caniveaux?|drains?|inonde[es]?|inondation|flood(ed|ing)?|bouche d egout|borne incendie|canalisations?|pipe)\b/],
  ['trees', /\b(arbres?|branches?|racines?|trees?|branch(es)?|roots?|haies?|hedge|elagage)\b/],
  ['furniture', /\b(bancs?|bench(es)?|balancoires?|swings?|aires? de jeux|playground|fontaines?|fountain|abribus|bus shelter|barrieres?|potelets?|jeux)\b/],
  ['cleanliness', /\b(poubelles? (publiques? )?(qui )?debord\w*|debord\w*|overflowing|ordures|crottes?|dog poo|dechets?|litter|salete|sale|pue|odeurs?|smell|verre casse|broken glass|animal mort|animaux morts|chat mort|chien mort|dead (animal|cat|dog|fox|bird)|herbes hautes|proprete)\b/],
  ['roads', /\b(nids? de poule|trous?|chaussee|routes?|trottoirs?|voirie|potholes?|pavement|sidewalk|roads?|panneaux?|signs?|feux? tricolores?|feu rouge|traffic lights?|affaissement|ralentisseurs?|bitume|plaque d egout|marquage|voiture ventouse|stationnement)\b/]
]

/** The report category named in the text, or null when nothing matches. */
export const extractCategory = (text: string, normalized = normalizeText(text)): ReportCategory | null => {
  for (const [category, pattern] of CATEGORY_PATTERNS) if (pattern.test(normalized)) return category
  return null
}
