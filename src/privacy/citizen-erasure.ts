// RGPD art. 17: erasing a citizen. Like Zammad's data-privacy task (LESSONS.md): preview what
// will go, then remove the personal data and keep only a pseudonymised record of the deletion.
// Tickets stay (the town's public record of a pothole), stripped of everything personal
// (what goes and what stays, row by row: src/db/personal-data.ts).
import type { Store } from '../db/transaction.ts'
import { countPersonalData, erasePersonalData } from '../db/personal-data.ts'

export { ERASED_TEXT } from '../db/personal-data.ts'

export async function previewErasure (store: Store, citizenId: string) {
  return countPersonalData(store, citizenId)
}

export async function eraseCitizen (store: Store, citizenId: string, actor: { kind: 'agent' | 'system', id?: string }, now = new Date()) {
  const counts = await previewErasure(store, citizenId)
  await erasePersonalData(store, citizenId, actor, counts, now)
  return counts
}
