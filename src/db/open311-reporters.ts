// The person behind an Open311 request, as stored (the rule is src/tickets/open311/find-reporter.ts):
// a known identity by email or phone, else a new citizen with unverified identities.
import { prismaFor, type DbOrTx } from './transaction.ts'

/** The citizen of an identity with this email, else with this phone (or WhatsApp number). */
export async function findCitizenByContact (on: DbOrTx, contact: { email?: string, phone?: string }): Promise<string | undefined> {
  const known = await prismaFor(on).identity.findFirst({
    where: {
      OR: [
        ...(contact.email ? [{ kind: 'email', value: contact.email }] : []),
        ...(contact.phone ? [{ kind: { in: ['phone', 'whatsapp'] }, value: contact.phone }] : []),
      ],
    },
    // An email match first: it names one person more surely than a shared family phone.
    orderBy: { kind: 'asc' },
    select: { citizenId: true },
  })
  return known?.citizenId
}

/** A new citizen with this name and, as unverified identities, this email and phone. */
export async function createReporter (on: DbOrTx, reporter: { displayName: string | null, email?: string, phone?: string }, now: Date): Promise<string> {
  const client = prismaFor(on)
  const citizen = await client.citizen.create({ data: { displayName: reporter.displayName, createdAt: now } })
  if (reporter.email) await client.identity.create({ data: { kind: 'email', value: reporter.email, citizenId: citizen.id, verified: false, createdAt: now } })
  if (reporter.phone) await client.identity.create({ data: { kind: 'phone', value: reporter.phone, citizenId: citizen.id, verified: false, createdAt: now } })
  return citizen.id
}
