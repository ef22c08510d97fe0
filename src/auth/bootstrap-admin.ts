// ADMIN_EMAIL / ADMIN_PASSWORD: the first administrator, created or updated at start (CONTRACT.md).
import type { Db } from '../db/client.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

export async function ensureAdmin (db: Db, email: string, password: string): Promise<'created' | 'updated' | 'unchanged'> {
  const normalized = email.trim().toLowerCase()
  const existing = await db.agent.findUnique({ where: { email: normalized } })
  if (!existing) {
    await db.agent.create({ data: { email: normalized, name: 'Administrateur', role: 'admin', passwordHash: await hashPassword(password) } })
    await db.auditEvent.create({ data: { actorKind: 'system', action: 'agent.created', targetType: 'agent', detail: JSON.stringify({ role: 'admin', source: 'ADMIN_EMAIL' }) } })
    return 'created'
  }
  if (existing.role === 'admin' && !existing.disabledAt && await verifyPassword(existing.passwordHash, password)) return 'unchanged'
  await db.agent.update({ where: { id: existing.id }, data: { role: 'admin', disabledAt: null, passwordHash: await hashPassword(password) } })
  await db.auditEvent.create({ data: { actorKind: 'system', action: 'agent.updated', targetType: 'agent', targetId: existing.id, detail: JSON.stringify({ source: 'ADMIN_EMAIL' }) } })
  return 'updated'
}
