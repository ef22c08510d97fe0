// Alert subscribers written in bulk for the bench and the scale test (issue 20): web chat citizens
// subscribed to roadworks with their consent event, half of them with a conversation already.
import { insertRows } from '../../src/db/bulk-write.ts'
import { orderedId } from '../../src/db/ordered-id.ts'
import { sqlOf } from '../../src/db/sql.ts'
import type { Db } from '../../src/db/client.ts'

export async function seedSubscribers (db: Db, count: number, topic = 'roadworks'): Promise<void> {
  const sql = sqlOf(db)
  const now = new Date()
  for (let start = 0; start < count; start += 5_000) {
    const citizens = Array.from({ length: Math.min(5_000, count - start) }, (_, k) => ({ citizenId: orderedId(), identityId: orderedId(), i: start + k }))
    await insertRows(sql, 'Citizen', citizens.map(c => ({ id: c.citizenId, lang: c.i % 5 ? 'fr' : 'en', createdAt: now, updatedAt: now, displayName: null, lastIdentityId: c.identityId, mergedIntoId: null, erasedAt: null })))
    await insertRows(sql, 'Identity', citizens.map(c => ({ id: c.identityId, kind: 'webchat', value: `subscriber-${start}-${c.i}-${c.identityId}`, citizenId: c.citizenId, verified: true, createdAt: now })))
    await insertRows(sql, 'AlertSubscription', citizens.map(c => ({ id: orderedId(), identityId: c.identityId, topic, zone: null, createdAt: now })))
    await insertRows(sql, 'ConsentEvent', citizens.map(c => ({ id: orderedId(), identityId: c.identityId, action: 'alerts_on', keyword: topic, topic, via: 'conversation', createdAt: now })))
    await insertRows(sql, 'Conversation', citizens.filter(c => c.i % 2 === 0).map(c => ({
      id: orderedId(), citizenId: c.citizenId, channel: 'webchat', identityId: c.identityId, holder: 'bot', status: 'open', needsHuman: false, lang: 'fr', misunderstandings: 0, lastMessageAt: now, createdAt: now, updatedAt: now,
    })))
  }
}
