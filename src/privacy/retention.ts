// Retention: conversations whose last message is older than RETENTION_MONTHS are emptied of
// personal content (the privacy notice promises it). Citizens with an open ticket are kept whole.
import type { Store } from '../db/transaction.ts'
import { emptyConversation, staleConversations } from '../db/personal-data.ts'
import { recordAudit } from '../db/audit-log.ts'

const OPEN = ['new', 'in_progress', 'waiting_citizen']

export async function applyRetention (store: Store, months: number, now = new Date()): Promise<{ conversations: number, messages: number }> {
  const cutoff = new Date(now)
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months)
  const stale = await staleConversations(store, cutoff, OPEN, 1000)
  let messages = 0
  // One transaction per conversation: a long sweep never holds the database.
  for (const id of stale) messages += await emptyConversation(store, id)
  if (stale.length) await recordAudit(store, { actorId: undefined, action: 'retention.applied', detail: { conversations: stale.length, messages, months }, now })
  return { conversations: stale.length, messages }
}
