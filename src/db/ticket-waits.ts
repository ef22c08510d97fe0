// What tickets wait for from citizens, read for a whole batch of turns at once (one query each):
// an answer to a ticket in waiting_citizen (issue 4), a satisfaction score (issue 18).
import { placeholders } from './sql.ts'
import { sqlFor, type DbOrTx } from './transaction.ts'

/** Tickets of these citizens waiting for their answer, newest change first. */
export async function ticketsWaitingForCitizens (on: DbOrTx, citizenIds: string[]): Promise<{ reference: string, citizenId: string | null }[]> {
  if (!citizenIds.length) return []
  return sqlFor(on).all<{ reference: string, citizenId: string | null }>(
    `SELECT "reference", "citizenId" FROM "Ticket" WHERE "citizenId" IN ${placeholders(citizenIds.length)} AND "status" = 'waiting_citizen' ORDER BY "updatedAt" DESC`,
    citizenIds)
}

/** Tickets of these citizens whose satisfaction question, asked after `since`, is unanswered; newest question first. */
export async function unansweredSurveys (on: DbOrTx, citizenIds: string[], since: Date): Promise<{ id: string, citizenId: string | null }[]> {
  if (!citizenIds.length) return []
  return sqlFor(on).all<{ id: string, citizenId: string | null }>(
    `SELECT "id", "citizenId" FROM "Ticket" WHERE "citizenId" IN ${placeholders(citizenIds.length)} AND "satisfactionAskedAt" > ? AND "satisfaction" IS NULL ORDER BY "satisfactionAskedAt" DESC`,
    [...citizenIds, since])
}
