// Reading a citizen's answer to a consultation (issue 20): by number (« 2 »), by ordinal (« la
// deuxième », "the second one"), or by the option's words (« non », « Colette »), in French or
// English. Pure. An answer naming two options is no answer (the citizen is asked again).
export type ConsultationOption = { fr: string, en: string }
export type ParsedAnswer = { optionIndex: number } | { text: string } | { wantsResult: true }

const ORDINALS: [RegExp, number][] = [
  [/^(premier|premiere|1er|1ere|1re|first|1st)$/, 1],
  [/^(deuxieme|second|seconde|2e|2eme|2nd)$/, 2],
  [/^(troisieme|third|3e|3eme|3rd)$/, 3],
  [/^(quatrieme|fourth|4e|4eme|4th)$/, 4],
  [/^(cinquieme|fifth|5e|5eme|5th)$/, 5],
  [/^(sixieme|sixth|6e|6eme|6th)$/, 6],
]
const LAST = /^(dernier|derniere|last)$/
const SYNONYMS: Record<string, string[]> = { oui: ['yes', 'ouais', 'yep'], yes: ['oui'], non: ['no', 'nope'], no: ['non'] }
const RESULT = /^(resultats?|results?)$/
// Words that carry no choice: « je choisis la deuxième », "option 2 please".
const FILLER = new Set(['je', 'j', 'choisis', 'choisi', 'vote', 'voter', 'prends', 'reponse', 'option', 'choix', 'la', 'le', 'l', 'les', 'pour', 'c', 'est', 'plutot', 'merci', 'svp', 'i', 'choose', 'pick', 'answer', 'the', 'one', 'please', 'for', 'number', 'numero', 'n', 'no.'])

export const normalise = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()

export function parseAnswer (text: string, options: ConsultationOption[]): ParsedAnswer | undefined {
  const clean = normalise(text)
  if (!clean) return undefined
  if (RESULT.test(clean)) return { wantsResult: true }
  if (!options.length) return { text: text.trim().slice(0, 1000) }
  const words = clean.split(' ')
  const found = new Set<number>()
  // Whole option texts first (« Jules Verne »), then numbers and ordinals among the other words.
  options.forEach((option, i) => {
    for (const label of [option.fr, option.en]) {
      const norm = normalise(label)
      if (!norm) continue
      const variants = [norm, ...(SYNONYMS[norm] ?? [])]
      if (variants.some(v => ` ${clean} `.includes(` ${v} `))) found.add(i + 1)
    }
  })
  const meaningful = words.filter(w => !FILLER.has(w))
  if (meaningful.length <= 2) {
    for (const word of meaningful) {
      const number = /^\d{1,2}$/.test(word) ? Number(word) : ORDINALS.find(([re]) => re.test(word))?.[1] ?? (LAST.test(word) ? options.length : undefined)
      if (number !== undefined && number >= 1 && number <= options.length) found.add(number)
    }
  }
  return found.size === 1 ? { optionIndex: [...found][0] } : undefined
}
