// Which conversation a citizen's email continues (LESSONS.md "Email threading"): our own
// Message-ID first, then any id of In-Reply-To/References, then the ticket reference in the
// subject; always only among this sender's conversations (the core checks the sender).
import type { Address, ThreadLookup } from '../../src/core/channel.ts'

const MESSAGE_ID = /<[^<>\s]+>/g
// DEM-2026-00042; the prefix is the town's TICKET_PREFIX, so any 2–8 capitals.
const TICKET_REFERENCE = /\b([A-Z]{2,8}-\d{4}-\d{5})\b/

/** "<a@x> <b@y>" or ["<a@x>"] → ["<a@x>", "<b@y>"] in header order. */
export function parseMessageIds (value: string | string[] | undefined): string[] {
  const joined = (Array.isArray(value) ? value.join(' ') : value ?? '').replaceAll('\u0000', '')
  const found = joined.match(MESSAGE_ID) ?? []
  // mailparser sometimes hands a bare id without its angle brackets.
  if (!found.length && /^[^<>\s]+@[^<>\s]+$/.test(joined.trim())) return [`<${joined.trim()}>`]
  return [...new Set(found)]
}

export function ticketReferenceIn (subject: string): string | undefined {
  return TICKET_REFERENCE.exec(subject)?.[1]
}

/** Ids we generated ourselves (<…@our-domain>) come first: they can only be replies to us. */
export function ownIdsFirst (ids: string[], ourDomain: string): string[][] {
  const suffix = `@${ourDomain.toLowerCase()}>`
  const own = ids.filter(id => id.toLowerCase().endsWith(suffix))
  const others = ids.filter(id => !own.includes(id))
  return [own, others].filter(group => group.length)
}

export async function findThreadConversation (
  threads: ThreadLookup,
  input: { from: Address, threadIds: string[], ticketReference?: string },
  ourDomain: string,
): Promise<string | undefined> {
  for (const group of ownIdsFirst(input.threadIds, ourDomain)) {
    const found = await threads.byProviderIds(group, input.from)
    if (found) return found
  }
  if (input.ticketReference) return threads.byTicketReference(input.ticketReference, input.from)
  return undefined
}
