// Reading short answers inside a dialog: yes/no, cancel, "1"/"the first".
import { normalizeText, tokenize } from '../normalize.ts'

const YES = /^(oui|ouais|ouai|ok|okay|okey|d accord|daccord|dac|yes|yep|yeah|yup|sure|exact|exactement|parfait|correct|c est ca|c est bon|c est correct|tout a fait|je confirme|confirme|confirmer|valide|valider|go|vas y|allez y|envoyez|envoie|transmettez|o|y|absolument|bien sur|of course|right|that s right|confirm|send it|please do)( |$)/
const NO = /^(non|nan|no|nope|pas du tout|pas ca|not|negatif|c est faux|faux|wrong|incorrect)( |$)/
const CANCEL = /\b(annuler|annule|annulez|annulation|cancel|laisse tomber|laissez tomber|abandonner|abandonne|forget it|never mind|nevermind|on arrete|arretez|stop la|oublie|oubliez)\b/

export type YesNo = 'yes' | 'no' | null

/** `normalized` is normalizeText(text), when the caller has it (here and below). */
export const parseYesNo = (text: string, normalized = normalizeText(text)): YesNo => {
  if (NO.test(normalized)) return 'no'
  if (YES.test(normalized)) return 'yes'
  return null
}

/** A short message asking to stop the current dialog ("annuler", "laisse tomber", "cancel"). */
export const isCancel = (text: string, normalized = normalizeText(text)): boolean =>
  // tokenize's words are the classifier's, split once per message ('' is 0 words here, 1 for split: both ≤ 6).
  tokenize(text, normalized).length <= 6 && CANCEL.test(normalized)

const FIRST = /^(1|un|une|premier|premiere|le premier|la premiere|first|the first|one|1er|1ere|a)$/
const SECOND = /^(2|deux|deuxieme|second|seconde|le deuxieme|la deuxieme|le second|la seconde|the second|two|2e|2eme|b)$/

/** 0 or 1 for "1"/"le premier"/"the first" and "2"/"la deuxième"/"the second", else null. */
export const parseChoice = (text: string, normalizedText = normalizeText(text)): 0 | 1 | null => {
  const normalized = normalizedText.replace(/^(oui|yes|ok) /, '').replace(/^(choix|option|numero|number|reponse) /, '')
  if (FIRST.test(normalized)) return 0
  if (SECOND.test(normalized)) return 1
  return null
}

/** Words after a leading yes/no ("non, c'est rue Victor Hugo" → "c'est rue Victor Hugo"). */
export const stripYesNo = (text: string): string =>
  text.replace(/^\s*(non|nan|no|nope|oui|yes|ok)\b[\s,.!:;-]*/i, '').trim()

const FILLER = new Set(['merci', 'thanks', 'thank', 'you', 'ok', 's', 'il', 'vous', 'plait', 'please', 'c', 'est', 'bon', 'beaucoup', 'bien', 'non', 'no', 'pas'])

/** Only politeness left ("merci", "thanks", "c'est bon"): nothing to act on. */
export const isFiller = (text: string, normalized = normalizeText(text)): boolean => tokenize(text, normalized).every(word => word === '' || FILLER.has(word))
