// Every agent action is an AuditEvent: who, what, when, on what. Never message bodies (privacy).
import type { Db, Tx } from '../db/client.ts'

export type AuditInput = {
  actorId: string | undefined
  action: string
  targetType?: string
  targetId?: string
  detail?: Record<string, unknown>
  now?: Date
}

export async function recordAudit (db: Db | Tx, input: AuditInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorKind: input.actorId ? 'agent' : 'system',
      actorId: input.actorId,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      detail: input.detail ? JSON.stringify(input.detail) : null,
      ...(input.now ? { createdAt: input.now } : {}),
    },
  })
}
