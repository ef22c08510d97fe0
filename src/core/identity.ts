// One person, several identities: find the citizen behind a channel address, or create one.
// Automatic linking happens only on what the citizen proved (the number that texted, the
// address that emailed); anything else is a merge proposed to agents (LESSONS.md). A merge
// moves identities to the surviving citizen, so identity.citizenId is always current.
import type { DbOrTx } from '../db/transaction.ts'
import { createIdentity, findIdentity } from '../db/identities.ts'
import type { Address } from './channel.ts'

export async function findOrCreateIdentity (on: DbOrTx, address: Address, now: Date) {
  const existing = await findIdentity(on, address)
  if (existing) return { identity: existing, created: false }
  const sibling = await findProvenSibling(on, address)
  const identity = await createIdentity(on, address, sibling?.citizenId, now)
  return { identity, created: true }
}

// SMS and WhatsApp from the same E.164 number are proven by the same phone: one citizen (issue 5).
const PHONE_SIBLING: Partial<Record<Address['kind'], Address['kind']>> = { phone: 'whatsapp', whatsapp: 'phone' }

async function findProvenSibling (on: DbOrTx, address: Address) {
  const kind = PHONE_SIBLING[address.kind]
  if (!kind) return null
  const sibling = await findIdentity(on, { kind, value: address.value })
  return sibling?.verified ? sibling : null
}
