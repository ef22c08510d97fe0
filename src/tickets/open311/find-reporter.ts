// The person behind an Open311 request: the same citizen as on any other channel when their
// email or phone is already known. The caller only typed these, so nothing is linked to an
// existing citizen on that basis (LESSONS.md: link only on what was proven); a new citizen gets
// them as unverified identities, and status updates never go to an unverified identity.
import type { DbOrTx } from '../../db/transaction.ts'
import { createReporter, findCitizenByContact } from '../../db/open311-reporters.ts'

export type Reporter = { email?: string, phone?: string, firstName?: string, lastName?: string }

export async function findOrCreateReporter (tx: DbOrTx, reporter: Reporter, now: Date): Promise<string | undefined> {
  if (!reporter.email && !reporter.phone) return undefined
  // An email match first: it names one person more surely than a shared family phone.
  const known = await findCitizenByContact(tx, reporter)
  if (known) return known
  const displayName = [reporter.firstName, reporter.lastName].filter(Boolean).join(' ') || null
  return createReporter(tx, { displayName, email: reporter.email, phone: reporter.phone }, now)
}
