// A broadcast's progress and delivery figures (issue 20), from its outbox rows: how many left,
// per channel, and what the providers said (sent, delivered, read, failed).
import type { Store } from '../db/transaction.ts'
import { broadcastRowCounts, findBroadcast, listBroadcastRows, markBroadcastDone } from '../db/broadcasts.ts'
import { AppError } from '../errors.ts'
import { RECIPIENT_KEY } from './audience.ts'
import type { IdentityKind } from '../domain.ts'

export type ChannelFigures = { planned: number, waiting: number, sent: number, delivered: number, read: number, failed: number, cancelled: number }

const EMPTY: ChannelFigures = { planned: 0, waiting: 0, sent: 0, delivered: 0, read: 0, failed: 0, cancelled: 0 }

export async function broadcastStatus (store: Store, id: string) {
  const broadcast = await findBroadcast(store, id)
  if (!broadcast) throw new AppError('not_found', 'No such broadcast')
  const rows = await broadcastRowCounts(store, id)
  const byChannel: Record<string, ChannelFigures> = {}
  for (const row of rows) {
    const key = RECIPIENT_KEY[row.kind as IdentityKind] ?? row.kind
    const f = byChannel[key] ??= { ...EMPTY }
    const n = row.n
    f.planned += n
    if (row.status === 'pending') f.waiting += n
    else if (row.status === 'cancelled') f.cancelled += n
    else if (row.status === 'failed' || row.deliveryStatus === 'failed' || row.deliveryStatus === 'undelivered') f.failed += n
    else if (row.deliveryStatus === 'read') f.read += n
    else if (row.deliveryStatus === 'delivered') f.delivered += n
    else f.sent += n
  }
  const total = Object.values(byChannel).reduce((sum, f) => sum + f.planned, 0)
  const waiting = Object.values(byChannel).reduce((sum, f) => sum + f.waiting, 0)
  let status = broadcast.status
  if (status === 'sending' && waiting === 0) {
    status = 'done'
    await markBroadcastDone(store, id)
  }
  const audience = JSON.parse(broadcast.recipients) as Record<string, number>
  const expected = Object.values(audience).reduce((sum, n) => sum + n, 0)
  return {
    id: broadcast.id,
    kind: broadcast.kind,
    topic: broadcast.topic,
    text: { fr: broadcast.textFr, en: broadcast.textEn },
    zone: broadcast.zone,
    urgent: broadcast.urgent,
    status,
    sendAt: broadcast.sendAt,
    endsAt: broadcast.endsAt,
    createdAt: broadcast.createdAt,
    cancelledAt: broadcast.cancelledAt,
    consultationId: broadcast.consultationId,
    recipients: audience,
    excluded: JSON.parse(broadcast.excluded) as Record<string, number>,
    held: JSON.parse(broadcast.held) as Record<string, number>,
    progress: { expected, planned: total, left: waiting, done: total - waiting, percent: expected ? Math.round(((total - waiting) / expected) * 100) : 100 },
    byChannel,
  }
}

export async function listBroadcasts (store: Store, limit = 50) {
  const rows = await listBroadcastRows(store, limit)
  return rows.map(b => ({
    id: b.id, kind: b.kind, topic: b.topic, text: { fr: b.textFr, en: b.textEn }, status: b.status, urgent: b.urgent, zone: b.zone,
    sendAt: b.sendAt, endsAt: b.endsAt, createdAt: b.createdAt, recipients: JSON.parse(b.recipients) as Record<string, number>, planned: b.planned,
  }))
}
