// How agents see a citizen (issue 18): the name the channel gives (an email's display name,
// WhatsApp's ProfileName) or the one they gave in the conversation, kept only while no name is
// known yet, so an agent's correction is never overwritten. Otherwise a short code, never a raw id.
import { createHash } from 'node:crypto'
import type { InboundMessage } from './channel.ts'

const MAX_NAME = 80
// « je m'appelle Marie Dupont », « mon nom est … », "my name is …": up to three capitalised words.
const GIVEN_NAME = /(?:[Jj]e m['’]appelle|[Jj]e me nomme|[Mm]on nom est|[Mm]y name is)\s+(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2})/u

export function cleanName (raw: string): string | undefined {
  // Control characters, bidi overrides and stray quotes out; whitespace collapsed.
  const name = raw.replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME)
  return name && !/^[\s"'<>@.+\d-]*$/.test(name) && !name.includes('@') ? name : undefined
}

/** The name this message gives for its sender, if any. */
export function nameOfSender (message: Pick<InboundMessage, 'meta' | 'text'>): string | undefined {
  const given = GIVEN_NAME.exec(message.text)?.[1]
  if (given) return cleanName(given)
  const fromChannel = message.meta?.profileName ?? message.meta?.fromName
  return typeof fromChannel === 'string' ? cleanName(fromChannel) : undefined
}

/** « Citoyen·ne 4F2A »: four stable characters derived from the citizen id. */
export function citizenShortCode (citizenId: string): string {
  return createHash('sha256').update(citizenId).digest('hex').slice(0, 4).toUpperCase()
}
