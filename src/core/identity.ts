// One person, several identities: find the citizen behind a channel address, or create one.
// Automatic linking happens only on what the citizen proved (the number that texted, the
// address that emailed); anything else is a merge proposed to agents (LESSONS.md). A merge
// moves identities to the surviving citizen, so identity.citizenId is always current.
import type { Tx } from '../db/client.ts'
import type { Address } from './channel.ts'

export async function findOrCreateIdentity (tx: Tx, address: Address, now: Date) {
  const existing = await tx.identity.findUnique({ where: { kind_value: { kind: address.kind, value: address.value } } })
  if (existing) return { identity: existing, created: false }
  const sibling = await findProvenSibling(tx, address)
  const citizenId = sibling?.citizenId ?? (await tx.citizen.create({ data: { createdAt: now } })).id
  const identity = await tx.identity.create({ data: { kind: address.kind, value: address.value, citizenId, createdAt: now } })
  return { identity, created: true }
}

// SMS and WhatsApp from the same E.164 number are proven by the same phone: one citizen (issue 5).
const PHONE_SIBLING: Partial<Record<Address['kind'], Address['kind']>> = { phone: 'whatsapp', whatsapp: 'phone' }

async function findProvenSibling (tx: Tx, address: Address) {
  const kind = PHONE_SIBLING[address.kind]
  if (!kind) return null
  const sibling = await tx.identity.findUnique({ where: { kind_value: { kind, value: address.value } } })
  return sibling?.verified ? sibling : null
}
