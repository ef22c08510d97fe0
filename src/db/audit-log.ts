// The AuditEvent repository: who did what, when, on what. Never message bodies (privacy).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type AuditInput = {
  actorId: string | undefined
  /** By default an agent when there is an actorId, else the system. */
  actorKind?: 'agent' | 'system' | 'api'
  action: string
  targetType?: string
  targetId?: string
  detail?: Record<string, unknown>
  /** The time of the action; the database's clock when absent. */
  now?: Date
}

export async function recordAudit (on: DbOrTx, input: AuditInput): Promise<void> {
  await prismaFor(on).auditEvent.create({
    data: {
      actorKind: input.actorKind ?? (input.actorId ? 'agent' : 'system'),
      actorId: input.actorId,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      detail: input.detail ? JSON.stringify(input.detail) : null,
      ...(input.now ? { createdAt: input.now } : {}),
    },
  })
}
