// ADMIN_EMAIL / ADMIN_PASSWORD: the first administrator, created or updated at start (CONTRACT.md).
import type { Store } from '../db/transaction.ts'
import { createAgent, findAgentByEmail, restoreAdmin } from '../db/agents.ts'
import { recordAudit } from '../db/audit-log.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

export async function ensureAdmin (store: Store, email: string, password: string): Promise<'created' | 'updated' | 'unchanged'> {
  const normalized = email.trim().toLowerCase()
  const existing = await findAgentByEmail(store, normalized)
  if (!existing) {
    await createAgent(store, { email: normalized, name: 'Administrateur', role: 'admin', passwordHash: await hashPassword(password) })
    await recordAudit(store, { actorId: undefined, action: 'agent.created', targetType: 'agent', detail: { role: 'admin', source: 'ADMIN_EMAIL' } })
    return 'created'
  }
  if (existing.role === 'admin' && !existing.disabledAt && await verifyPassword(existing.passwordHash, password)) return 'unchanged'
  await restoreAdmin(store, existing.id, await hashPassword(password))
  await recordAudit(store, { actorId: undefined, action: 'agent.updated', targetType: 'agent', targetId: existing.id, detail: { source: 'ADMIN_EMAIL' } })
  return 'updated'
}
