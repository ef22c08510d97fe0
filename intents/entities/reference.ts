// Ticket references as citizens type them: "DEM-2026-00042", "dem-2026-42", "DEM 2026 42",
// "DEM202600042", "demande 2026-00042", "réf. DEM/2026/42". Canonical form: PREFIX-YYYY-NNNNN (CONTRACT.md, Tickets).
import { foldAccents } from '../normalize.ts'

export const DEFAULT_TICKET_PREFIX = 'DEM'

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const referencePattern = (prefix: string): RegExp => new RegExp(
  // the prefix itself, or the words people put before a bare year-number ("demande 2026-42")
  `(?<![a-z0-9])(?:${escapeRegExp(prefix.toLowerCase())}|demande|dossier|ticket|request|ref(?:erence)?\\.?)` +
  // optional "n°", "no", "#", then separators
  '\\s*(?:n\\s*[°o]\\.?|no\\.?|num(?:ero)?\\.?|#|:)?\\s*[-_/.:]?\\s*' +
  // the year (20xx), a separator or none, 1-5 digits not followed by another digit
  `(?:${escapeRegExp(prefix.toLowerCase())}\\s*[-_/.]?\\s*)?(20\\d{2})\\s*[-_/. ]?\\s*(\\d{1,5})(?![0-9])`,
  'gi'
)

const patternCache = new Map<string, RegExp>()

const canonical = (prefix: string, year: string, number: string): string | null => {
  if (Number(number) === 0) return null
  return `${prefix.toUpperCase()}-${year}-${number.padStart(5, '0')}`
}

/** Every reference in the text, canonical, in order, without duplicates. */
export const extractReferences = (text: string, prefix = DEFAULT_TICKET_PREFIX): string[] => {
  let pattern = patternCache.get(prefix)
  if (pattern === undefined) {
    pattern = referencePattern(prefix)
    patternCache.set(prefix, pattern)
  }
  const found: string[] = []
  for (const match of foldAccents(text.toLowerCase()).matchAll(pattern)) {
    const reference = canonical(prefix, match[1], match[2])
    if (reference !== null && !found.includes(reference)) found.push(reference)
  }
  return found
}

/** The first reference in the text, canonical, or null. */
export const extractReference = (text: string, prefix = DEFAULT_TICKET_PREFIX): string | null =>
  extractReferences(text, prefix)[0] ?? null
