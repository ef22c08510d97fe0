// Subscribing and unsubscribing an identity to an alert topic (issue 20). Every change is a
// consent event (time, identity, topic, how), kept for RGPD accountability. Unsubscribing also
// cancels what this identity still had waiting in the outbox from that topic's broadcasts.
import type { Tx } from './client.ts'

export type ConsentVia = 'conversation' | 'agent' | 'unsubscribe_link' | 'keyword'

export type ConsentChange = {
  identityId: string
  topic: string
  subscribe: boolean
  via: ConsentVia
  zone?: string | null
  agentId?: string
  now: Date
}

export async function changeSubscription (tx: Tx, change: ConsentChange): Promise<{ changed: boolean }> {
  const { identityId, topic, now } = change
  const existing = await tx.alertSubscription.findUnique({ where: { identityId_topic: { identityId, topic } } })
  if (change.subscribe) {
    const zone = change.zone?.trim() || null
    if (existing && existing.zone === zone) return { changed: false }
    if (existing) await tx.alertSubscription.update({ where: { id: existing.id }, data: { zone } })
    else await tx.alertSubscription.create({ data: { identityId, topic, zone, createdAt: now } })
  } else {
    if (!existing) return { changed: false }
    await tx.alertSubscription.delete({ where: { id: existing.id } })
    await cancelWaitingBroadcastSends(tx, identityId, topic, now)
  }
  await tx.consentEvent.create({
    data: { identityId, action: change.subscribe ? 'alerts_on' : 'alerts_off', keyword: topic, topic, via: change.via, agentId: change.agentId ?? null, createdAt: now },
  })
  return { changed: true }
}

async function cancelWaitingBroadcastSends (tx: Tx, identityId: string, topic: string, now: Date): Promise<void> {
  const broadcasts = await tx.broadcast.findMany({ where: { topic, status: { in: ['planning', 'sending'] } }, select: { id: true } })
  if (!broadcasts.length) return
  const waiting = await tx.outboxItem.findMany({
    where: { broadcastId: { in: broadcasts.map(b => b.id) }, status: 'pending', message: { conversation: { identityId } } },
    select: { id: true, messageId: true },
  })
  if (!waiting.length) return
  await tx.outboxItem.updateMany({ where: { id: { in: waiting.map(w => w.id) } }, data: { status: 'cancelled', lastError: 'unsubscribed', lockedUntil: null } })
  await tx.message.updateMany({ where: { id: { in: waiting.map(w => w.messageId) } }, data: { deliveryStatus: 'failed', deliveryError: `unsubscribed at ${now.toISOString()}` } })
}
