// Issue 20 with issue 19's several instances: a broadcast plan is claimed (a lease on the
// Broadcast row) before it is resumed, so two instances on one PostgreSQL database that both find
// a plan interrupted write its rows once, and the outbox's claims send each row once.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { freshPostgresUrl } from '../../helpers/databases.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import { seedSubscribers } from '../../bench/subscribers.ts'
import type { ChannelModule, OutboundMessage } from '../../../src/core/channel.ts'

const SUBSCRIBERS = 3_000

/** The web chat's place, recording every send of both instances in one list. */
function recordingWebchat (sent: OutboundMessage[]): ChannelModule {
  return { name: 'webchat', identityKinds: ['webchat'], readSettings: () => ({}), create: () => ({ name: 'webchat', maxTextLength: 4000, async send (message: OutboundMessage) { sent.push(message); return { providerMessageId: `rec-${message.outboxId}`, status: 'sent' as const } } }) }
}

describe('a broadcast with two instances on one PostgreSQL database', () => {
  const apps: TestApp[] = []
  let remove = async () => {}
  afterEach(async () => {
    for (const t of apps.splice(0).reverse()) await t.stopAll().catch(() => {})
    await remove()
  })

  it('is planned by one instance only when both resume it, and each recipient gets it once', async () => {
    const pg = await freshPostgresUrl()
    remove = pg.remove
    const sent: OutboundMessage[] = []
    const options = { databaseUrl: pg.url, answerer: createKeywordAnswerer(), channels: [recordingWebchat(sent)], start: false, configEnv: { QUIET_HOURS: '0-0', BROADCAST_CHAT_PER_SECOND: '2000' } }
    const a = await buildTestApp(options)
    apps.push(a)
    const b = await buildTestApp({ ...options, seed: false })
    apps.push(b)
    const { db } = a.database
    await seedSubscribers(db, SUBSCRIBERS)
    // Left in 'planning' by an instance that died mid-plan: its lease has run out.
    const broadcast = await db.broadcast.create({ data: { topic: 'roadworks', textFr: 'Rue Nationale fermée', textEn: 'Rue Nationale closed', urgent: true, sendAt: new Date(), plannerId: 'dead-instance', plannerUntil: new Date(Date.now() - 1_000) } })

    // Both start (only the leader resumes) and, as if each ran resume() at its start, both try at once.
    await Promise.all([a.start(), b.start(), a.broadcaster.resume(), b.broadcaster.resume()])
    await waitFor(async () => (await db.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).status === 'sending', 60_000, 'the plan to finish')
    await Promise.all([a.broadcaster.idle(), b.broadcaster.idle()])

    const rows = await db.outboxItem.findMany({ where: { broadcastId: broadcast.id }, select: { message: { select: { conversation: { select: { identityId: true } } } } } })
    expect(rows).toHaveLength(SUBSCRIBERS)
    expect(new Set(rows.map(r => r.message.conversation.identityId)).size).toBe(SUBSCRIBERS)
    const after = await db.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })
    expect(after.planned).toBe(SUBSCRIBERS)
    expect(after.plannerId).toBeNull()

    // Both outbox workers send; every row leaves once.
    await waitFor(async () => sent.length >= SUBSCRIBERS && !(await db.outboxItem.count({ where: { broadcastId: broadcast.id, status: 'pending' } })), 60_000, 'every row sent')
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(sent).toHaveLength(SUBSCRIBERS)
    expect(new Set(sent.map(m => m.to.value)).size).toBe(SUBSCRIBERS)
  }, 180_000)

  it('leaves a plan alone while its lease runs, and takes it over once the lease is out', async () => {
    const pg = await freshPostgresUrl()
    remove = pg.remove
    const a = await buildTestApp({ databaseUrl: pg.url, answerer: createKeywordAnswerer(), configEnv: { QUIET_HOURS: '0-0', BROADCAST_CHAT_PER_SECOND: '1' } })
    apps.push(a)
    const { db } = a.database
    await seedSubscribers(db, 100)
    const held = await db.broadcast.create({ data: { topic: 'roadworks', textFr: 'Travaux', textEn: 'Roadworks', urgent: true, sendAt: new Date(), plannerId: 'live-instance', plannerUntil: new Date(Date.now() + 60_000) } })
    await a.broadcaster.resume()
    await a.broadcaster.idle()
    expect(await db.outboxItem.count({ where: { broadcastId: held.id } })).toBe(0)

    await db.broadcast.update({ where: { id: held.id }, data: { plannerUntil: new Date(Date.now() - 1) } })
    await a.broadcaster.resume()
    await a.broadcaster.idle()
    expect(await db.outboxItem.count({ where: { broadcastId: held.id } })).toBe(100)
    expect((await db.broadcast.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('sending')
  }, 120_000)
})
