// One person, several identities: find the citizen behind a channel address, or create one.
// Automatic linking happens only on what the citizen proved (the number that texted, the
// address that emailed); anything else is a merge proposed to agents (LESSONS.md). A merge
// moves identities to the surviving citizen, so identity.citizenId is always current.
import type { Tx } from '../db/client.ts'
import type { Address } from './channel.ts'

export async function findOrCreateIdentity (tx: Tx, address: Address, now: Date) {
  const existing = await tx.identity.findUnique({ where: { kind_value: { kind: address.kind, value: address.value } } })
  if (existing) return { identity: existing, created: false }
  const citizen = await tx.citizen.create({ data: { createdAt: now } })
  const identity = await tx.identity.create({ data: { kind: address.kind, value: address.value, citizenId: citizen.id, createdAt: now } })
  return { identity, created: true }
}
