import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import type { Answerer } from '../../../src/answerer.ts'
import { signedInAgent } from './agent-sessions.ts'

// The assistant's answers may quote the citizen (« éclairage ») and would blur what is asserted: keep it quiet.
const quiet: Answerer = {
  welcome: () => 'Bienvenue.',
  answer: async () => ({ intent: 'unknown', confidence: 0, lang: 'fr', entities: {}, replies: [], dialogState: null, actions: [], misunderstood: false }),
}

type Result = { text: string, channel: string }

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`managers' search on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    async function seed () {
      const say = (channel: 'webchat' | 'email', from: string, id: string, text: string) =>
        t.core.receive({ channel, externalId: id, from: { kind: channel === 'email' ? 'email' : 'webchat', value: from }, text })
      await say('webchat', 'session-search-0001', 's1', "L'ÉCLAIRAGE public est en panne rue Émile Zola")
      await say('email', 'paul@example.org', '<s2@example.org>', 'Le lampadaire devant chez moi clignote')
      await say('email', 'rose@example.org', '<s3@example.org>', '=HYPERLINK("http://evil.example","cliquez") éclairage, "vraiment"')
      await t.core.idle()
    }

    it('finds messages whatever the accents and case, filters by channel, and refuses agents', async () => {
      t = await buildTestApp({ db, answerer: quiet })
      const [manager, agent] = await Promise.all([signedInAgent(t, 'manager'), signedInAgent(t, 'agent')])
      await seed()
      const search = async (qs: string) => (await t.app.inject({ method: 'GET', url: `/api/search?${qs}`, headers: manager.bearer })).json().results as Result[]
      const hits = await search('q=eclairage')
      expect(hits.map(r => r.text).sort()).toEqual([expect.stringContaining('=HYPERLINK'), expect.stringContaining("L'ÉCLAIRAGE")].sort())
      expect((await search('q=EMILE%20zola')).map(r => r.text)).toEqual([expect.stringContaining('Émile Zola')])
      expect((await search('q=lampad')).map(r => r.text)).toEqual(['Le lampadaire devant chez moi clignote'])
      expect((await search('q=eclairage&channel=webchat')).map(r => r.channel)).toEqual(['webchat'])
      expect(await search('q=%22%29%20OR%20*%20--')).toEqual([]) // query syntax typed by a user is just words
      const future = await search('q=eclairage&from=2999-01-01')
      expect(future).toEqual([])
      expect((await t.app.inject({ method: 'GET', url: '/api/search?q=eclairage', headers: agent.bearer })).statusCode).toBe(403)
      expect((await t.app.inject({ method: 'GET', url: '/api/search?channel=fax', headers: manager.bearer })).statusCode).toBe(400)
      expect((await t.app.inject({ method: 'GET', url: '/api/search?from=yesterday', headers: manager.bearer })).statusCode).toBe(400)
    })

    it('answers a search matching more messages than one SQL statement can list (at most 500, newest first)', async () => {
      t = await buildTestApp({ db, answerer: quiet })
      const [manager, agent] = await Promise.all([signedInAgent(t, 'manager'), signedInAgent(t, 'agent')])
      const received = await t.core.receive({ channel: 'webchat', externalId: 'many-0', from: { kind: 'webchat', value: 'session-many-00001' }, text: 'début' })
      const { citizenId } = await t.database.db.message.findUniqueOrThrow({ where: { id: received.messageId } })
      await t.database.db.message.createMany({ data: Array.from({ length: 1500 }, (_, i) => ({ conversationId: received.conversationId, citizenId, direction: 'inbound', author: 'citizen', channel: 'webchat', text: `Poubelle numéro ${i}` })) })
      const res = await t.app.inject({ method: 'GET', url: '/api/search?q=poubelle', headers: manager.bearer })
      expect(res.statusCode).toBe(200)
      const results = res.json().results as { text: string }[]
      expect(results).toHaveLength(500)
      expect(results[0].text).toBe('Poubelle numéro 1499')
      const list = await t.app.inject({ method: 'GET', url: '/api/conversations?q=poubelle', headers: agent.bearer })
      expect(list.json().conversations.map((c: { id: string }) => c.id)).toEqual([received.conversationId])
    })

    it('streams an export of more rows than one page, reading one page at a time, and audits it', async () => {
      t = await buildTestApp({ db, answerer: quiet, configEnv: { SEARCH_EXPORT_PAGE_SIZE: '100' } })
      const manager = await signedInAgent(t, 'manager')
      const received = await t.core.receive({ channel: 'webchat', externalId: 'export-0', from: { kind: 'webchat', value: 'session-export-0001' }, text: 'début' })
      const { citizenId } = await t.database.db.message.findUniqueOrThrow({ where: { id: received.messageId } })
      await t.database.db.message.createMany({ data: Array.from({ length: 1234 }, (_, i) => ({ conversationId: received.conversationId, citizenId, direction: 'inbound', author: 'citizen', channel: 'webchat', text: `Poubelle numéro ${i}` })) })
      await t.core.idle()
      const webchat = await t.database.db.message.count({ where: { channel: 'webchat' } }) // « début », and the welcome when there is one
      // Every statement the export runs is seen: none may return more than a page of messages.
      const largest: number[] = []
      const findMany = t.database.db.message.findMany.bind(t.database.db.message)
      const queryRaw = t.database.db.$queryRaw.bind(t.database.db)
      const spy = <T>(rows: T): T => { if (Array.isArray(rows)) largest.push(rows.length); return rows }
      Object.assign(t.database.db.message, { findMany: (...args: Parameters<typeof findMany>) => findMany(...args).then(spy) })
      Object.assign(t.database.db, { $queryRaw: (...args: Parameters<typeof queryRaw>) => queryRaw(...args).then(spy) })
      for (const url of ['/api/search.csv?q=poubelle', '/api/search.csv?channel=webchat']) {
        largest.length = 0
        const res = await t.app.inject({ method: 'GET', url, headers: manager.bearer })
        expect(res.statusCode).toBe(200)
        const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n')
        const expected = url.includes('poubelle') ? 1234 : webchat
        expect(lines).toHaveLength(1 + expected) // the header, then every match: not capped at the 500 of the screen
        expect(lines.find(l => l.includes('Poubelle'))).toContain('Poubelle numéro 1233') // newest first
        expect(new Set(lines).size).toBe(lines.length) // no row twice across pages
        expect(largest.length).toBeGreaterThanOrEqual(Math.ceil(expected / 100))
        expect(Math.max(...largest)).toBeLessThanOrEqual(100)
      }
      const audits = await t.database.db.auditEvent.findMany({ where: { actorId: manager.id, action: 'search.exported' } })
      expect(audits.map(a => JSON.parse(a.detail!)).sort((a, b) => a.rows - b.rows)).toEqual([{ rows: 1234 }, { rows: webchat }])
    })

    it('finds an old message behind many newer matches of other words, one row a page', async () => {
      // One row a page: on PostgreSQL the first id window (100 ids a wanted row) holds none of
      // « début »'s matches, so the search has to widen its window to reach it.
      t = await buildTestApp({ db, answerer: quiet, configEnv: { SEARCH_EXPORT_PAGE_SIZE: '1' } })
      const manager = await signedInAgent(t, 'manager')
      const received = await t.core.receive({ channel: 'webchat', externalId: 'old-0', from: { kind: 'webchat', value: 'session-old-00001' }, text: 'début du dossier' })
      const { citizenId } = await t.database.db.message.findUniqueOrThrow({ where: { id: received.messageId } })
      await t.database.db.message.createMany({ data: Array.from({ length: 600 }, (_, i) => ({ conversationId: received.conversationId, citizenId, direction: 'inbound', author: 'citizen', channel: 'webchat', text: `Poubelle numéro ${i}` })) })
      const res = await t.app.inject({ method: 'GET', url: '/api/search.csv?q=debut', headers: manager.bearer })
      const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n')
      expect(lines.slice(1)).toEqual([expect.stringContaining('début du dossier')])
    })

    it('exports results as CSV with quoting and no live formulas', async () => {
      t = await buildTestApp({ db, answerer: quiet })
      const manager = await signedInAgent(t, 'manager')
      await seed()
      const res = await t.app.inject({ method: 'GET', url: '/api/search.csv?q=%C3%A9clairage', headers: manager.bearer })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/text\/csv/)
      const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n')
      expect(lines[0]).toBe('messageId,createdAt,conversationId,citizenId,citizenName,channel,direction,author,agentName,intent,status,text')
      expect(lines).toHaveLength(3)
      const evil = lines.find(l => l.includes('HYPERLINK'))!
      expect(evil).toContain(`"'=HYPERLINK(""http://evil.example"",""cliquez"") éclairage, ""vraiment"""`)
      expect(await t.database.db.auditEvent.count({ where: { actorId: manager.id, action: 'search.exported' } })).toBe(1)
    })
  })
}

// SQLite indexes messages in batches (src/db/message-search.ts): a search finds the newest messages
// all the same, and a message deleted or rewritten before or after it was indexed leaves an index
// FTS5 itself finds consistent (an external-content index told to delete a row it never held is not).
describe('the search index on sqlite, built in batches', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('finds a message at once, and stays consistent through erasures and rewrites on both sides of its mark', async () => {
    t = await buildTestApp({ db: 'sqlite', answerer: quiet })
    const manager = await signedInAgent(t, 'manager')
    const search = async (q: string) => ((await t.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}`, headers: manager.bearer })).json().results as Result[]).map(r => r.text).sort()
    const db = t.database.db
    const say = async (id: string, text: string) => (await t.core.receive({ channel: 'webchat', externalId: id, from: { kind: 'webchat', value: 'session-batch-0001' }, text })).messageId
    const indexed = await say('b1', 'Nid de poule rue Pasteur')
    const rewrittenIndexed = await say('b2', 'Trottoir abîmé place Carnot')
    await t.core.idle()
    // Found without waiting for the indexer's next round: the search indexes first.
    expect(await search('poule')).toEqual(['Nid de poule rue Pasteur'])
    expect(await search('carnot')).toEqual(['Trottoir abîmé place Carnot'])
    // Above the mark now: written after that search, not indexed yet.
    const deletedEarly = await say('b3', 'Graffiti sur le lavoir')
    const rewrittenEarly = await say('b4', 'Banc cassé square Jaurès')
    await t.core.idle()
    await db.$executeRawUnsafe('DELETE FROM "Message" WHERE "id" IN (?, ?)', indexed, deletedEarly)
    await db.$executeRawUnsafe('UPDATE "Message" SET "text" = ? WHERE "id" = ?', 'Trottoir réparé', rewrittenIndexed)
    await db.$executeRawUnsafe('UPDATE "Message" SET "text" = ? WHERE "id" = ?', 'Banc repeint', rewrittenEarly)
    expect(await search('poule')).toEqual([])
    expect(await search('lavoir')).toEqual([])
    expect(await search('carnot')).toEqual([])
    expect(await search('trottoir')).toEqual(['Trottoir réparé'])
    expect(await search('jaures')).toEqual([])
    expect(await search('repeint')).toEqual(['Banc repeint'])
    // FTS5's own check that the index holds exactly the table's texts; it throws when they differ.
    await db.$executeRawUnsafe("INSERT INTO message_fts(message_fts, rank) VALUES ('integrity-check', 1)")
  })
})
