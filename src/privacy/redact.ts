// Masks what identifies a person in text that is published without sign-in (issue 17): phone
// numbers, email addresses, IBANs, social security numbers, dates of birth, the names people give
// for themselves, and home addresses. Pure and deterministic: the same text always gives the same
// output, so public answers stay cacheable. Over-masking a word is acceptable; leaking is not.

export type RedactOptions = {
  /** Mask every street address, not only the ones introduced as one's home (private requests). */
  addresses?: boolean
}

export const MASKS = {
  phone: '[téléphone masqué]',
  email: '[courriel masqué]',
  iban: '[IBAN masqué]',
  nir: '[n° de sécurité sociale masqué]',
  birth: '[date de naissance masquée]',
  name: '[nom masqué]',
  address: '[adresse masquée]',
} as const

// A name word: capitalised or not, with hyphens and apostrophes (Jean-Pierre, d'Artagnan, N'Diaye).
const WORD = String.raw`[\p{L}][\p{L}'’\-]*\.?`
const CAPITALISED = String.raw`\p{Lu}[\p{L}'’\-]*\.?`
// Words that end a name rather than continue it, whatever their case.
const STOP_WORDS = new Set(['et', 'and', 'je', 'j', 'i', 'mon', 'ma', 'mes', 'my', 'du', 'de', 'des', 'la', 'le', 'les', 'au', 'aux', 'à', 'a', 'en', 'pour', 'qui', 'que', 'habite', 'habitant', 'live', 'from', 'of', 'the', 'tel', 'tél', 'téléphone', 'phone', 'mail', 'email', 'courriel', 'merci', 'thanks', 'svp', 'please', 'mais', 'but', 'car', 'ici', 'here', 'avec', 'with', 'sur', 'on', 'dans', 'in', 'est', 'is', 'voici', 'bonjour', 'hello', 'monsieur', 'madame', 'mademoiselle', 'maire', 'mairie', 'service', 'équipe', 'team', 'pas', 'not', 'très', 'vraiment', 'par', 'by', 'sous', 'vers', 'chez', 'depuis', 'since', 'près', 'devant', 'derrière', 'il', 'elle', 'ils', 'elles', 'nous', 'vous', 'on', 'ce', 'cette', 'un', 'une', 'ne', 'n', 'y', 'se', 's', 'd', 'l', 'c', 'qu', 'it', 'a', 'an', 'to', 'at'])
const CIVILITY = String.raw`(?:M\.|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Mlle\.?|Me\.?|Dr\.?|Monsieur|Madame|Mademoiselle)`

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+(?:\s+(?:point|dot)\s+[\p{L}\p{N}_%+-]+)*(?:\s*@\s*|\s*[([]at[)\]]\s*|\s+(?:at|arobase)\s+)[\p{L}\p{N}-]+(?:(?:\.|\s*[([]dot[)\]]\s*|\s+(?:dot|point)\s+)[\p{L}\p{N}-]+)+/giu
// French numbers (0X XX XX XX XX, +33 X…, 0033 X…, +33 (0)X…) with any separators, then other
// international numbers starting with "+". Not inside a longer token (DEM-2026-00042 stays).
const PHONE_FR = /(?<![\p{L}\p{N}\-/])(?:(?:\+|00)\s*33\s*(?:\(0\)\s*)?|0)[1-9](?:[\s.\-]{0,2}\d){8}(?![\p{N}])/gu
const PHONE_INTL = /(?<![\p{L}\p{N}])\+\s*\d{1,3}(?:[\s.\-/]{0,2}\(?\d\)?){6,14}(?![\p{N}])/gu
// IBAN: two letters, two check digits, then 10 to 30 letters or digits in groups (FR76 3000 6000 …).
const IBAN = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?:[\s-]?[0-9A-Z]{4}){2,7}(?:[\s-]?[0-9A-Z]{1,3})?(?![\p{L}\p{N}])/gu
// French social security number (NIR): 13 digits and a 2-digit key, Corsica's 2A/2B included.
const NIR = /(?<![\p{L}\p{N}])[12][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?(?:\d{2}|2[AB])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?(?![\p{N}])/gu
const BIRTH = /\b(n[ée]e?|born)\s+(?:le|on)?\s*\d{1,2}[\s./-](?:\d{1,2}|\p{L}+)[\s./-]\d{2,4}/giu

// The name someone gives for themselves: « je m'appelle … », « my name is … », « signé … »:
// the following words are a name whatever their case. After « je suis », « moi c'est »,
// « I am », a sign-off or a civility, only capitalised words are (« je suis très en colère » stays).
const ANY_CASE_INTROS = ["je m'appelle", 'mon nom est', "mon nom c'est", 'my name is', 'nom :', 'signé', 'signed', 'de la part de']
const CAPITALISED_INTROS = ['je suis', "moi c'est", "moi, c'est", "c'est", 'i am', "i'm", 'this is', 'cordialement', 'bien à vous', 'salutations', 'sincèrement', 'merci', 'regards', 'best', 'thanks', 'respectueusement']

/** An intro phrase as a pattern that ignores case and spacing, while the name after it keeps \p{Lu}. */
function caseless (phrases: string[]): string {
  return phrases.map(phrase => [...phrase].map((c) => {
    if (c === ' ') return String.raw`\s+`
    if (c === "'") return String.raw`['’]\s*`
    const lower = c.toLowerCase()
    const upper = c.toUpperCase()
    return lower === upper ? c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : `[${lower}${upper}]`
  }).join('')).join('|')
}

const NAME_ANY_CASE = new RegExp(String.raw`(?<=(?:^|[^\p{L}])(?:${caseless(ANY_CASE_INTROS)})[\s,:]*)((?:${WORD})(?:\s+(?:${WORD})){0,3})`, 'gu')
const NAME_CAPITALISED = new RegExp(String.raw`(?<=(?:^|[^\p{L}])(?:${caseless(CAPITALISED_INTROS)})[\s,:!.]*(?:${CIVILITY}\s+)?)((?:${CAPITALISED})(?:[\s-]+(?:${CAPITALISED})){0,3})`, 'gu')
const NAME_AFTER_CIVILITY = new RegExp(String.raw`(?<=(?:^|[^\p{L}])${CIVILITY}\s+)((?:${CAPITALISED})(?:[\s-]+(?:${CAPITALISED})){0,2})`, 'gu')

// A street address: a number, a kind of way, its name, maybe a postcode and a town.
const WAY = String.raw`(?:rue|avenue|av\.|bd|boulevard|place|pl\.|chemin|ch\.|impasse|allée|allee|route|rte|quai|cours|square|résidence|residence|lotissement|lieu[\s-]dit|hameau|passage|sentier|voie|cité|cite|street|st\.|road|rd\.)`
const POSTCODE_TOWN = String.raw`(?:,?\s*\d{5}(?:\s+[\p{L}'’\-]+){1,3})?`
const STREET = String.raw`(?:\d{1,4}\s*(?:bis|ter|[a-d])?\s*,?\s*${WAY}\s+[\p{L}'’\-]+(?:\s+[\p{L}'’\-]+){0,5}|\d{1,4}\s+(?:[\p{L}'’\-]+\s+){1,3}(?:street|road|lane|drive))${POSTCODE_TOWN}`
const ANY_ADDRESS = new RegExp(String.raw`(?<![\p{L}\p{N}])${STREET}(?=$|[\s,.;!?)])`, 'giu')
const HOME_INTROS = String.raw`j['’]\s*habite|je\s+réside|je\s+reside|je\s+vis|domicilié(?:e)?|mon\s+adresse(?:\s+est)?|adresse\s*:|i\s+live|my\s+address(?:\s+is)?|home\s+address`
const HOME_ADDRESS = new RegExp(String.raw`(?<=(?:^|[^\p{L}])(?:${HOME_INTROS})[\s,:]*(?:au|à|a|at|in|en|dans\s+la|dans\s+le)?\s*)(?<![\p{L}\p{N}'’])(?:${STREET}|(?!(?:au|à|a|at|in|en|est|is)\s)[\p{L}\p{N}'’\-]+(?:\s+[\p{L}\p{N}'’\-]+){0,5}?)(?=$|[,.;!?)\n]|\s+(?:et|and|depuis|since)\b)`, 'giu')

function maskName (match: string): string {
  // Keep the words after the name: « je suis Marie et j'habite » → the stop word ends it.
  const words = match.split(/(\s+)/)
  let end = 0
  for (let i = 0; i < words.length; i += 2) {
    if (STOP_WORDS.has(words[i].toLowerCase().replace(/[.'’]$/, ''))) break
    end = i + 1
  }
  if (end === 0) return match
  return MASKS.name + words.slice(end).join('')
}

export function redactPersonalData (text: string, options: RedactOptions = {}): string {
  let out = text
    .replace(EMAIL, MASKS.email)
    .replace(IBAN, m => (/\d{6}/.test(m.replace(/[\s-]/g, '')) ? MASKS.iban : m))
    .replace(NIR, MASKS.nir)
    .replace(PHONE_FR, MASKS.phone)
    .replace(PHONE_INTL, MASKS.phone)
    .replace(BIRTH, (_m, born: string) => `${born} ${MASKS.birth}`)
    .replace(HOME_ADDRESS, m => (m.trim() ? MASKS.address : m))
  if (options.addresses) out = out.replace(ANY_ADDRESS, MASKS.address)
  return out
    .replace(NAME_ANY_CASE, maskName)
    .replace(NAME_CAPITALISED, maskName)
    .replace(NAME_AFTER_CIVILITY, maskName)
}

/** Each pattern by name, for the tests that keep them fast on hostile input. */
export const PATTERNS = { EMAIL, IBAN, NIR, PHONE_FR, PHONE_INTL, BIRTH, HOME_ADDRESS, ANY_ADDRESS, NAME_ANY_CASE, NAME_CAPITALISED, NAME_AFTER_CIVILITY }

// Public lists are read again and again (FixMyStreet polls every few minutes): the masked text of
// the most recent inputs is kept, so a sync of thousands of requests does not redo the regexes.
const CACHE_SIZE = 5000
const cache = new Map<string, string>()

export function redactCached (text: string, options: RedactOptions = {}): string {
  const key = `${options.addresses ? 1 : 0}${text}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const out = redactPersonalData(text, options)
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
  cache.set(key, out)
  return out
}
