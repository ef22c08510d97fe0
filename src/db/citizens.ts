// The Citizen repository, for the message hot path: which identity to answer on by default, the
// name agents call them by, the language of their latest message. Multi-row hand-written SQL.
import { bulkUpdate } from './bulk-write.ts'
import type { Transaction } from './transaction.ts'

/** The identity each citizen wrote from last (the one to answer on by default). */
export async function setLastIdentities (tx: Transaction, rows: { citizenId: string, identityId: string }[], now: Date): Promise<void> {
  await bulkUpdate(tx.sql, 'Citizen', { lastIdentityId: 'text', updatedAt: 'timestamp' },
    rows.map(r => ({ id: r.citizenId, values: { lastIdentityId: r.identityId, updatedAt: now } })))
}

/** A name for agents to call the citizen by, only while none is known (an agent's edit stays). */
export async function nameIfUnnamed (tx: Transaction, citizenId: string, name: string): Promise<void> {
  await tx.sql.run('UPDATE "Citizen" SET "displayName" = ? WHERE "id" = ? AND "displayName" IS NULL', [name, citizenId])
}

export async function setLanguages (tx: Transaction, rows: { citizenId: string, lang: string }[], now: Date): Promise<void> {
  await bulkUpdate(tx.sql, 'Citizen', { lang: 'text', updatedAt: 'timestamp' }, rows.map(r => ({ id: r.citizenId, values: { lang: r.lang, updatedAt: now } })))
}
