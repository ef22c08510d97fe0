// The person behind an Open311 request: the same citizen as on any other channel when their
// email or phone is already known. The caller only typed these, so nothing is linked to an
// existing citizen on that basis (LESSONS.md: link only on what was proven); a new citizen gets
// them as unverified identities, and status updates never go to an unverified identity.
import type { Tx } from '../../db/client.ts'

export type Reporter = { email?: string, phone?: string, firstName?: string, lastName?: string }

export async function findOrCreateReporter (tx: Tx, reporter: Reporter, now: Date): Promise<string | undefined> {
  if (!reporter.email && !reporter.phone) return undefined
  const known = await tx.identity.findFirst({
    where: {
      OR: [
        ...(reporter.email ? [{ kind: 'email', value: reporter.email }] : []),
        ...(reporter.phone ? [{ kind: { in: ['phone', 'whatsapp'] }, value: reporter.phone }] : []),
      ],
    },
    // An email match first: it names one person more surely than a shared family phone.
    orderBy: { kind: 'asc' },
    select: { citizenId: true },
  })
  if (known) return known.citizenId
  const displayName = [reporter.firstName, reporter.lastName].filter(Boolean).join(' ') || null
  const citizen = await tx.citizen.create({ data: { displayName, createdAt: now } })
  if (reporter.email) await tx.identity.create({ data: { kind: 'email', value: reporter.email, citizenId: citizen.id, verified: false, createdAt: now } })
  if (reporter.phone) await tx.identity.create({ data: { kind: 'phone', value: reporter.phone, citizenId: citizen.id, verified: false, createdAt: now } })
  return citizen.id
}
