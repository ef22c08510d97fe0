// Open311 conformance, part 1: POST requests (form-encoded and multipart, JSON and XML), the
// reporter recognised as the same citizen, and every refusal in the spec's error shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { newApiKey, signIn } from './ticket-fixtures.ts'
import { parseXml, postForm, postMultipart, storedCounts, type Field } from './open311-client.ts'

describe('Open311 POST requests', () => {
  let t: TestApp
  let key: string
  beforeAll(async () => { t = await buildTestApp(); key = await newApiKey(t) })
  afterAll(async () => { await t?.stopAll() })

  const base = (): Field[] => [['api_key', key], ['jurisdiction_id', 'belleville.fr'], ['service_code', 'lighting'], ['lat', '47.3941'], ['long', '0.6848'], ['description', 'Lampadaire éteint depuis 3 jours']]

  it('creates a ticket from a form-encoded request and answers its id at once (JSON)', async () => {
    const res = await postForm(t, 'json', [...base(), ['email', 'Alice.Martin@example.org'], ['media_url', 'https://photos.example.org/%E0%A4%A.jpg'], ['phone', '06 12 34 56 78'], ['first_name', 'Alice'], ['last_name', 'Martin'],
      ['media_url', 'https://photos.example.org/a.jpg'], ['media_url', 'https://photos.example.org/b.jpg'], ['attribute[pole_number]', 'EP-0412'], ['deviceid', 'abc']])
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const body = res.json()
    expect(Array.isArray(body)).toBe(true)
    expect(body).toHaveLength(1)
    expect(typeof body[0].service_request_id).toBe('string')
    expect(body[0].service_request_id).toMatch(/^DEM-\d{4}-\d{5}$/)
    expect(body[0].service_notice).toContain('Éclairage public')
    expect(body[0]).not.toHaveProperty('token')

    const ticket = await t.database.db.ticket.findUniqueOrThrow({ where: { reference: body[0].service_request_id }, include: { attachments: true, citizen: { include: { identities: true } } } })
    expect(ticket).toMatchObject({ source: 'open311', category: 'lighting', serviceCode: 'eclairage', latitude: 47.3941, longitude: 0.6848, status: 'new' })
    expect(JSON.parse(ticket.attributes!)).toEqual({ pole_number: 'EP-0412' })
    expect(ticket.attachments.map(a => a.sourceUrl).sort()).toEqual(['https://photos.example.org/%E0%A4%A.jpg', 'https://photos.example.org/a.jpg', 'https://photos.example.org/b.jpg'])
    expect(ticket.citizen!.displayName).toBe('Alice Martin')
    expect(ticket.citizen!.identities.map(i => [i.kind, i.value, i.verified]).sort()).toEqual([['email', 'alice.martin@example.org', false], ['phone', '+33612345678', false]])
    // The agents see it with the other tickets.
    const agent = await signIn(t)
    const list = (await t.app.inject({ method: 'GET', url: '/api/tickets?category=lighting', headers: agent.auth })).json().tickets
    expect(list.map((x: { reference: string }) => x.reference)).toContain(ticket.reference)
  })

  it('accepts multipart bodies with repeated media_url and an uploaded photo (XML)', async () => {
    const photo = Buffer.alloc(2048, 7)
    const res = await postMultipart(t, 'xml', [...base(), ['address_string', '4 rue des Lilas'], ['media_url', 'https://photos.example.org/c.jpg'], ['media_url', 'https://photos.example.org/d.jpg']],
      [{ field: 'photo', filename: 'lampadaire.jpg', contentType: 'image/jpeg', data: photo }])
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/xml/)
    const doc = parseXml(res.body)
    const id = doc.service_requests.request[0].service_request_id
    expect(id).toMatch(/^DEM-\d{4}-\d{5}$/)
    const ticket = await t.database.db.ticket.findUniqueOrThrow({ where: { reference: id }, include: { attachments: true } })
    expect(ticket.address).toBe('4 rue des Lilas')
    expect(ticket.attachments).toHaveLength(3)
    const uploaded = ticket.attachments.find(a => a.filename === 'lampadaire.jpg')!
    expect(uploaded).toMatchObject({ contentType: 'image/jpeg', size: 2048 })
    expect(Buffer.from(uploaded.data!).equals(photo)).toBe(true)
  })

  it('recognises a reporter already known by email or phone as the same citizen', async () => {
    const { db } = t.database
    const known = await db.citizen.create({ data: {} })
    await db.identity.create({ data: { kind: 'email', value: 'jean.dupont@example.org', citizenId: known.id } })
    const texter = await db.citizen.create({ data: {} })
    await db.identity.create({ data: { kind: 'phone', value: '+33698765432', citizenId: texter.id } })
    const identitiesBefore = await db.identity.count()
    const byEmail = await postForm(t, 'json', [...base(), ['email', 'JEAN.DUPONT@example.org']])
    const byPhone = await postForm(t, 'json', [...base(), ['phone', '+33 6 98 76 54 32']])
    const citizenOf = async (res: typeof byEmail) => (await db.ticket.findUniqueOrThrow({ where: { reference: res.json()[0].service_request_id } })).citizenId
    expect(await citizenOf(byEmail)).toBe(known.id)
    expect(await citizenOf(byPhone)).toBe(texter.id)
    expect(await db.identity.count()).toBe(identitiesBefore)
  })

  it('checks required attributes and list values of the service definition', async () => {
    const before = await storedCounts(t)
    const dumping = (attrs: Field[]) => postForm(t, 'json', [['api_key', key], ['service_code', 'dumping'], ['address_string', 'chemin des Tilleuls'], ...attrs])
    expect((await dumping([])).json()).toEqual([{ code: 400, description: 'attribute[volume] is required for service dumping' }])
    expect((await dumping([['attribute[volume]', 'huge']])).statusCode).toBe(400)
    expect(await storedCounts(t)).toEqual(before)
    const ok = await dumping([['attribute[volume]', 'medium'], ['attribute[kinds][]', 'rubble'], ['attribute[kinds][]', 'furniture']])
    expect(ok.statusCode, ok.body).toBe(200)
    const ticket = await t.database.db.ticket.findUniqueOrThrow({ where: { reference: ok.json()[0].service_request_id } })
    expect(JSON.parse(ticket.attributes!)).toEqual({ volume: 'medium', kinds: 'rubble,furniture' })
  })

  it('refuses bad requests with the spec\'s codes and error shape, storing nothing', async () => {
    const { db } = t.database
    const revoked = await newApiKey(t)
    const revokedRow = await db.apiKey.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })
    const admin = await signIn(t, 'admin')
    expect((await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${revokedRow.id}`, headers: admin.auth })).statusCode).toBe(200)
    const without = (name: string) => base().filter(([k]) => k !== name)
    const cases: { fields: Field[], status: number, says: RegExp }[] = [
      { fields: without('api_key'), status: 403, says: /api_key/ },
      { fields: [...without('api_key'), ['api_key', 'o311_forged']], status: 403, says: /api_key/ },
      { fields: [...without('api_key'), ['api_key', revoked]], status: 403, says: /api_key/ },
      { fields: [...without('api_key'), ['api_key', '']], status: 403, says: /api_key/ },
      { fields: [...without('service_code'), ['service_code', 'ufo_sighting']], status: 404, says: /Unknown service_code ufo_sighting/ },
      { fields: without('service_code'), status: 400, says: /service_code is required/ },
      { fields: without('lat').filter(([k]) => k !== 'long'), status: 400, says: /location is required/ },
      { fields: [...without('lat').filter(([k]) => k !== 'long'), ['lat', ''], ['long', ''], ['address_string', '']], status: 400, says: /location is required/ },
      { fields: without('long'), status: 400, says: /together/ },
      { fields: [...without('lat'), ['lat', '123']], status: 400, says: /lat must be/ },
      { fields: [...base(), ['email', 'not-an-email']], status: 400, says: /email/ },
      { fields: [...base(), ['phone', '12']], status: 400, says: /phone/ },
      { fields: [...base(), ['media_url', 'javascript:alert(1)']], status: 400, says: /media_url/ },
      { fields: [...base(), ['media_url', 'http://[::1/x.jpg']], status: 400, says: /media_url/ },
      { fields: [...without('description'), ['description', 'x'.repeat(4001)]], status: 400, says: /description/ },
    ]
    const before = await storedCounts(t)
    for (const c of cases) {
      const res = await postForm(t, 'json', c.fields)
      expect(res.statusCode, JSON.stringify(c.fields)).toBe(c.status)
      const body = res.json()
      expect(body).toEqual([{ code: c.status, description: expect.stringMatching(c.says) }])
    }
    const xml = await postForm(t, 'xml', without('api_key'))
    expect(xml.statusCode).toBe(403)
    expect(parseXml(xml.body)).toEqual({ errors: { error: [{ code: '403', description: expect.stringContaining('api_key') }] } })
    const tooBig = await postMultipart(t, 'json', base(), [{ field: 'photo', filename: 'huge.jpg', contentType: 'image/jpeg', data: Buffer.alloc(10 * 1024 * 1024 + 1) }])
    expect(tooBig.statusCode).toBe(400)
    expect(tooBig.json()).toEqual([{ code: 400, description: 'An attached file is too large' }])
    const json = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/octet-stream' }, payload: 'hello' })
    expect(json.statusCode).toBe(400)
    expect(json.json()[0].code).toBe(400)
    expect(await storedCounts(t)).toEqual(before)
  })

  it('lets only administrators manage keys, shows a key once and never its hash', async () => {
    const agent = await signIn(t)
    expect((await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: agent.auth, payload: { name: 'x' } })).statusCode).toBe(403)
    const admin = await signIn(t, 'admin')
    const created = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: admin.auth, payload: { name: 'Mon quartier' } })
    expect(created.statusCode).toBe(201)
    const { id, key: shown } = created.json()
    expect(typeof id).toBe('string')
    expect(shown).toMatch(/^o311_[\w-]{40,}$/)
    const listed = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: admin.auth })
    expect(listed.body).not.toContain(shown)
    expect(listed.body).not.toContain((await t.database.db.apiKey.findUniqueOrThrow({ where: { id } })).keyHash)
    expect(listed.json().apiKeys.find((k: { id: string }) => k.id === id)).toMatchObject({ name: 'Mon quartier', revokedAt: null })
    expect((await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: admin.auth, payload: {} })).statusCode).toBe(400)
    expect(await t.database.db.auditEvent.count({ where: { action: 'api_key.created', targetId: id } })).toBe(1)
  })
})
