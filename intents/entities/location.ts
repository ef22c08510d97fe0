// A place as the citizen wrote it: "rue Jean Jaurès", "12 av. Victor Hugo", "devant l'école",
// "place de la mairie", "near the station". Kept as written (accents, case) for the agent who goes there.

const STREET_TYPES = 'rue|avenue|av\\.?|bd|boulevard|blvd|place|pl\\.|chemin|ch\\.|all[ée]e|impasse|imp\\.|route|rte|quai|cours|square|parc|rond-point|rond point|passage|lotissement|r[ée]sidence|quartier|sentier|voie|esplanade|parvis|hameau|lieu-dit|parking|cit[ée]|faubourg|mont[ée]e|carrefour|croisement'
const EN_STREET_TYPES = 'street|st\\.?|road|rd\\.?|lane|avenue|close|way|drive|square|crescent|place|park'
const RELATIVE = "devant|derri[èe]re|pr[èe]s d[eu']|pr[èe]s des|[àa] c[ôo]t[ée] d[eu']|[àa] c[ôo]t[ée] des|en face d[eu']|en face des|au niveau d[eu']|au niveau des|au bout d[eu']|le long d[eu']|in front of|behind|near|next to|opposite|outside"
// Words that end a place name: verbs, conjunctions and fillers that follow an address in a sentence.
const STOP_WORDS = new Set(('depuis il elle ils y a est sont qui que et svp merci ça ca ce cela pour car mais donc avec ' +
  'since is are has have and please for with but that which it there was were thanks hier ' +
  'aujourd demain ne plus pas ni c est nous vous je on quand dans si ou où').split(' '))
// A street name does not start with these ("la route est abîmée", "la route au 12 rue Pasteur").
const NOT_A_NAME_START = new Set(['au', 'aux', 'sur', 'en', 'a', 'à', 'est', 'sont', 'pour', 'qui', 'the', 'is', 'in', 'on', 'at'])
// Street words that are also common nouns ("une place en crèche", "en cours d'année"): a name must follow.
const AMBIGUOUS_TYPES = new Set(['place', 'cours', 'voie', 'parc', 'square', 'passage'])
const NAME_WORD = "[0-9A-Za-zÀ-ÿ'’\\-.]+"

const streetRegex = new RegExp(`(?:(\\d{1,4}\\s*(?:bis|ter)?\\s*,?\\s*))?\\b(${STREET_TYPES})\\s+((?:${NAME_WORD}\\s*){1,6})`, 'gi')
const capitalised = (alternatives: string): string => alternatives.split('|').map(a => `${a}|${a[0].toUpperCase()}${a.slice(1)}`).join('|')
const enStreetRegex = new RegExp(`\\b(\\d{1,4}\\s+)?((?:[A-Z][a-z]+\\s+){1,3})(${capitalised(EN_STREET_TYPES)})\\b`)
const relativeRegex = new RegExp(`\\b(${RELATIVE})\\s*((?:${NAME_WORD}\\s*){1,5})`, 'i')

// Keeps the leading words up to the first stop word or punctuation.
const trimName = (words: string): string => {
  const kept: string[] = []
  for (const raw of words.trim().split(/\s+/)) {
    const word = raw.replace(/[.,;!?]+$/, '')
    if (STOP_WORDS.has(word.toLowerCase()) && kept.length > 0) break
    kept.push(word)
    if (raw !== word && !/^(av|pl|ch|imp|st|rd|rte)\.$/i.test(raw)) break
  }
  // an article or preposition cannot end a place name ("devant l'école de")
  while (kept.length > 1 && /^(de|du|des|la|le|les|l'|d'|the|of)$/i.test(kept[kept.length - 1])) kept.pop()
  return kept.join(' ')
}

/** The first street address or relative place in the text, as written, or null. */
export const extractLocation = (text: string): string | null => {
  streetRegex.lastIndex = 0
  for (let street = streetRegex.exec(text); street !== null; street = streetRegex.exec(text)) {
    const name = trimName(street[3])
    const first = name.split(' ')[0].toLowerCase()
    const looksLikeName = !AMBIGUOUS_TYPES.has(street[2].toLowerCase()) || (/^(de la|de l['’]|du|des)\b/i.test(name) || /[A-ZÀ-Ý0-9]/.test(name))
    if (name !== '' && !STOP_WORDS.has(first) && !NOT_A_NAME_START.has(first) && looksLikeName) return `${street[1] ?? ''}${street[2]} ${name}`.trim()
    // retry just after this street word: "route au 12 rue Pasteur" holds a second, real address
    streetRegex.lastIndex = street.index + (street[1]?.length ?? 0) + street[2].length
  }
  const enStreet = enStreetRegex.exec(text)
  if (enStreet !== null) return `${enStreet[1] ?? ''}${enStreet[2]}${enStreet[3]}`.trim()
  const relative = relativeRegex.exec(text)
  if (relative !== null) {
    const name = trimName(relative[2])
    if (name !== '') return `${relative[1]} ${name}`.replace(/'\s+/g, "'").trim()
  }
  return null
}
