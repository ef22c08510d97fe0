// Assembles the entity extractors into the `entities` object of a classification.
import { extractCategory } from './category.ts'
import { extractEmail, extractPhone } from './contact.ts'
import { extractDate } from './date.ts'
import { extractLocation } from './location.ts'
import { extractReference, DEFAULT_TICKET_PREFIX } from './reference.ts'

export type Entities = {
  reference?: string
  category?: string
  location?: string
  email?: string
  phone?: string
  date?: string
}

export type EntityOptions = {
  now?: Date, timeZone?: string, ticketPrefix?: string, withCategory?: boolean
  /** The text's first reference when the caller already looked for it (the classifier does). */
  reference?: string | null
  /** normalizeText(text), when the caller has it. */
  normalized?: string
}

/** Only the entities the text states; `category` only when asked (report_issue). */
export const extractEntities = (text: string, options: EntityOptions = {}): Entities => {
  const entities: Entities = {}
  const reference = options.reference !== undefined ? options.reference : extractReference(text, options.ticketPrefix ?? DEFAULT_TICKET_PREFIX)
  if (reference !== null) entities.reference = reference
  if (options.withCategory === true) entities.category = extractCategory(text, options.normalized) ?? 'other'
  const location = extractLocation(text)
  if (location !== null) entities.location = location
  const email = extractEmail(text)
  if (email !== null) entities.email = email
  const phone = extractPhone(text)
  if (phone !== null) entities.phone = phone
  const date = extractDate(text, options.now ?? new Date(), options.timeZone, options.normalized)
  if (date !== null) entities.date = date
  return entities
}
