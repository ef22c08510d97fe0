// Retention: conversations whose last message is older than RETENTION_MONTHS are emptied of
// personal content (the privacy notice promises it). Citizens with an open ticket are kept whole.
import type { Db } from '../db/client.ts'
import { ERASED_TEXT } from './citizen-erasure.ts'

const OPEN = ['new', 'in_progress', 'waiting_citizen']

export async function applyRetention (db: Db, months: number, now = new Date()): Promise<{ conversations: number, messages: number }> {
  const cutoff = new Date(now)
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months)
  const stale = await db.conversation.findMany({
    where: { lastMessageAt: { lt: cutoff }, citizen: { tickets: { none: { status: { in: OPEN } } } }, messages: { some: { text: { not: ERASED_TEXT } } } },
    select: { id: true },
    take: 1000,
  })
  let messages = 0
  for (const { id } of stale) {
    await db.$transaction(async tx => {
      await tx.attachment.deleteMany({ where: { message: { conversationId: id } } })
      const r = await tx.message.updateMany({ where: { conversationId: id, text: { not: ERASED_TEXT } }, data: { text: ERASED_TEXT, nluText: null, meta: null } })
      messages += r.count
      await tx.conversation.update({ where: { id }, data: { dialogState: null, subject: null, replyReference: null } })
    })
  }
  if (stale.length) await db.auditEvent.create({ data: { actorKind: 'system', action: 'retention.applied', detail: JSON.stringify({ conversations: stale.length, messages, months }), createdAt: now } })
  return { conversations: stale.length, messages }
}
