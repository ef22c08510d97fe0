// Issue 17: what real Open311 clients (FixMyStreet, mobile apps, browser clients, validators)
// broke on, one regression test per finding. Every JSON answer is validated against the
// GeoReport v2 schemas and every XML answer parsed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { newApiKey, signIn } from './ticket-fixtures.ts'
import { checked, expectManyIds, expectSchema, formBody, schemaOfUrl, parseXml, postForm, postMultipart, storedCounts, type Field } from './open311-client.ts'
import { PERSONAL_CORPUS } from '../../fixtures/personal-data-corpus.ts'
import { signedInAgent } from '../inbox/agent-sessions.ts'


// A JPEG whose EXIF block carries a GPS position and a serial number: none of it may be served.
export function jpegWithExif (): Buffer {
  const exif = Buffer.from('Exif\u0000\u0000GPSLatitude 47.3941 N GPSLongitude 0.6848 E SerialNumber SECRET-CAM-42', 'latin1')
  const app1 = Buffer.concat([Buffer.from([0xFF, 0xE1]), Buffer.from([(exif.length + 2) >> 8, (exif.length + 2) & 0xFF]), exif])
  const jfif = Buffer.from([0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])
  const scan = Buffer.from([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0x56, 0xFF, 0xD9])
  return Buffer.concat([Buffer.from([0xFF, 0xD8]), jfif, app1, scan])
}

describe('Open311 for real clients (issue 17)', () => {
  let t: TestApp
  let key: string
  let agent: { auth: { authorization: string } }
  const get = async (url: string, headers: Record<string, string> = {}) => checked(url.split('?')[0].endsWith('.json') ? 'json' : 'xml', await t.app.inject({ method: 'GET', url: `/open311/v2/${url}`, headers }), schemaOfUrl(url))
  const patch = (reference: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/tickets/${reference}`, headers: agent.auth, payload })
  const base = (): Field[] => [['api_key', key], ['service_code', 'roads'], ['lat', '47.39'], ['long', '0.68']]
  const create = async (fields: Field[]) => {
    const res = await postForm(t, 'json', [...base(), ...fields])
    expect(res.statusCode, res.body).toBe(200)
    return expectSchema('postResponse', res.body)[0].service_request_id as string
  }
  const one = async (id: string) => expectSchema('requestList', (await get(`requests/${id}.json`)).body)[0]

  beforeAll(async () => {
    t = await buildTestApp()
    key = await newApiKey(t)
    agent = await signIn(t)
  })
  afterAll(async () => { await t?.stopAll() })

  it('1. publishes no personal data: 55 corpus messages as descriptions, agents\' public notes, JSON and XML', async () => {
    const ids: string[] = []
    for (const item of PERSONAL_CORPUS) ids.push(await create([['description', item.text]]))
    const noted = await create([['description', 'Trou dans la chaussée']])
    expect((await patch(noted, { status: 'in_progress', publicNote: 'Rappelez M. Girard au 06 12 34 56 78 ou girard@example.org, IBAN FR76 3000 6000 0112 3456 7890 189' })).statusCode).toBe(200)
    const json = (await get(`requests.json?service_request_id=${[...ids, noted].join(',')}`)).body
    const xml = (await get(`requests.xml?service_request_id=${[...ids, noted].join(',')}`)).body
    expect(expectSchema('requestList', json)).toHaveLength(ids.length + 1)
    expect(parseXml(xml).service_requests.request).toHaveLength(ids.length + 1)
    for (const item of PERSONAL_CORPUS) {
      for (const secret of item.secrets.filter(s => !item.home || !/^\d/.test(s))) {
        // Home addresses are masked in private requests only; a public report's street is where the problem is.
        expect(json, `${item.text} → ${secret}`).not.toContain(secret)
        expect(xml, `${item.text} → ${secret}`).not.toContain(secret)
      }
    }
    const status = (await one(noted)).status_notes
    expect(status).toBe('En cours de traitement. Rappelez M. [nom masqué] au [téléphone masqué] ou [courriel masqué], IBAN [IBAN masqué]')
  })

  it('1. masks a chat report\'s self-given name, phone and email, and a formal request\'s notes even in a public category', async () => {
    const { db } = t.database
    const citizen = await db.citizen.create({ data: {} })
    const opened = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: agent.auth, payload: { citizenId: citizen.id, category: 'lighting', description: 'je suis Marie Dupont, 06 98 76 54 32, marie.dupont@example.org, le lampadaire de la place clignote' } })
    expect(opened.statusCode, opened.body).toBe(201)
    const chatReport = await one(opened.json().ticket.reference)
    expect(chatReport.description).toBe('je suis [nom masqué], [téléphone masqué], [courriel masqué], le lampadaire de la place clignote')

    // A town that publishes a formal category by mistake still shows neither content, place nor notes.
    await db.ticketCategory.update({ where: { code: 'civil_status' }, data: { open311: true } })
    try {
      const formal = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: agent.auth, payload: { citizenId: citizen.id, category: 'civil_status', description: 'Acte de naissance, 3 rue des Lilas', address: '3 rue des Lilas' } })
      const reference = formal.json().ticket.reference
      expect((await patch(reference, { status: 'in_progress', publicNote: 'Virement de Mme Dupont reçu sur FR76 3000 6000 0112 3456 7890 189' })).statusCode).toBe(200)
      const shown = await one(reference)
      expect(shown).toMatchObject({ service_code: 'civil_status', status_notes: 'En cours de traitement' })
      for (const field of ['description', 'address', 'lat', 'long', 'media_url']) expect(shown).not.toHaveProperty(field)
    } finally {
      await db.ticketCategory.update({ where: { code: 'civil_status' }, data: { open311: false } })
    }
  })

  it('2. answers 1,000 and 10,000 ids in one GET over HTTP (no 500, no 431), 1,000 in under a second; 10,001 → 400', async () => {
    const listening = await buildTestApp({ listen: true })
    try {
      await expectManyIds(listening, 'SQLite')
    } finally {
      await listening.stopAll()
    }
  })

  it('3. answers 200 to a POST, in JSON and XML', async () => {
    const json = await postForm(t, 'json', [...base(), ['description', 'Trou']])
    expect(json.statusCode).toBe(200)
    const xml = await postForm(t, 'xml', [...base(), ['description', 'Trou']])
    expect(xml.statusCode).toBe(200)
    expect(parseXml(xml.body).service_requests.request[0].service_request_id).toMatch(/^DEM-/)
  })

  it('4. moves updated_datetime on public changes only, and shows the note of the current status only', async () => {
    const id = await create([['description', 'Plaque d\'égout descellée']])
    const created = await one(id)
    expect(created.updated_datetime).toBe(created.requested_datetime)
    await new Promise(resolve => setTimeout(resolve, 1100))
    expect((await patch(id, { note: 'Interne : voir avec l\'entreprise Dupuis' })).statusCode).toBe(200)
    const afterInternal = await one(id)
    expect(afterInternal.updated_datetime).toBe(created.updated_datetime)
    expect(JSON.stringify(afterInternal)).not.toContain('Dupuis')
    expect((await patch(id, { status: 'in_progress', publicNote: 'Intervention prévue lundi.' })).statusCode).toBe(200)
    const inProgress = await one(id)
    expect(inProgress.status_notes).toBe('En cours de traitement. Intervention prévue lundi.')
    expect(inProgress.updated_datetime > created.updated_datetime).toBe(true)
    await new Promise(resolve => setTimeout(resolve, 1100))
    expect((await patch(id, { status: 'resolved' })).statusCode).toBe(200)
    const resolved = await one(id)
    expect(resolved).toMatchObject({ status: 'closed', status_notes: 'Résolue' }) // not « Intervention prévue lundi. » again
    expect(resolved.updated_datetime > inProgress.updated_datetime).toBe(true)
  })

  it('5. decodes Latin-1 form bodies, with charset=ISO-8859-1 and without a charset', async () => {
    const latin1 = (text: string) => [...Buffer.from(text, 'latin1')].map(b => (b < 0x80 && /[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')
    const body = `${formBody(base())}&description=${latin1('Arbre tombé à côté de l\'école')}`
    for (const contentType of ['application/x-www-form-urlencoded; charset=ISO-8859-1', 'application/x-www-form-urlencoded']) {
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': contentType }, payload: body })
      expect(res.statusCode, res.body).toBe(200)
      const ticket = await t.database.db.ticket.findUniqueOrThrow({ where: { reference: res.json()[0].service_request_id } })
      expect(ticket.description).toBe('Arbre tombé à côté de l\'école')
    }
    const utf8 = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody([...base(), ['description', 'Arbre tombé, ça bloque']]) })
    expect((await t.database.db.ticket.findUniqueOrThrow({ where: { reference: utf8.json()[0].service_request_id } })).description).toBe('Arbre tombé, ça bloque')
  })

  it('6. never offers private categories, and refuses a POST to one', async () => {
    const services = expectSchema('serviceList', (await get('services.json')).body).map((s: { service_code: string }) => s.service_code)
    for (const code of ['appointment', 'civil_status', 'school_enrollment', 'subsidy', 'building_permit']) {
      expect(services).not.toContain(code)
      expect((await get(`services/${code}.json`)).statusCode).toBe(404)
      const before = await storedCounts(t)
      const res = await postForm(t, 'json', [['api_key', key], ['service_code', code], ['address_string', '1 rue Haute']])
      expect(res.statusCode).toBe(404)
      expect(await storedCounts(t)).toEqual(before)
    }
    expect(parseXml((await get('services.xml')).body).services.service.map((s: { service_code: string }) => s.service_code)).toEqual(services)
  })

  it('7. answers CORS preflights and cross-origin reads and POSTs', async () => {
    for (const path of ['requests.json', 'services.json', 'requests/DEM-2026-00001.json', 'servicerequestupdates.xml']) {
      const preflight = await t.app.inject({ method: 'OPTIONS', url: `/open311/v2/${path}`, headers: { origin: 'https://app.example.org', 'access-control-request-method': path === 'requests.json' ? 'POST' : 'GET' } })
      expect(preflight.statusCode, path).toBe(204)
      expect(preflight.headers['access-control-allow-origin']).toBe('*')
      expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST')
    }
    const read = await get('services.json', { origin: 'https://app.example.org' })
    expect(read.headers['access-control-allow-origin']).toBe('*')
    const post = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { origin: 'https://app.example.org', 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody([...base(), ['description', 'x']]) })
    expect(post.headers['access-control-allow-origin']).toBe('*')
    // The agents' API stays same-origin.
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets', headers: { origin: 'https://app.example.org' } })).headers['access-control-allow-origin']).toBeUndefined()
  })

  it('sends no null in JSON and a discovery url with its trailing slash', async () => {
    for (const path of ['discovery.json', 'services.json', 'services/dumping.json', 'requests.json', 'servicerequestupdates.json']) expect((await get(path)).body, path).not.toContain('null')
    const discovery = expectSchema('discovery', (await get('discovery.json')).body)
    expect(discovery.endpoints[0].url).toBe(`${t.config.publicUrl}/open311/v2/`)
    expect(parseXml((await get('discovery.xml')).body).discovery.endpoints.endpoint[0].url).toBe(`${t.config.publicUrl}/open311/v2/`)
    expectSchema('serviceDefinition', (await get('services/dumping.json')).body)
  })

  it('publishes an uploaded photo as media_url, without its EXIF; never a photo of a private request', async () => {
    const photo = jpegWithExif()
    const res = await postMultipart(t, 'json', [...base(), ['description', 'Trou rempli d\'eau']], [{ field: 'media', filename: 'trou.jpg', contentType: 'image/jpeg', data: photo }])
    expect(res.statusCode, res.body).toBe(200)
    const request = await one(res.json()[0].service_request_id)
    expect(request.media_url).toMatch(new RegExp(`^${t.config.publicUrl}/open311/v2/media/\\w+\\.jpg$`))
    const served = await t.app.inject({ method: 'GET', url: new URL(request.media_url).pathname })
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toBe('image/jpeg')
    expect(served.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xFF, 0xD8]))
    expect(served.rawPayload.toString('latin1')).not.toMatch(/Exif|GPS|SECRET-CAM/)
    expect(served.rawPayload.includes(Buffer.from([0xFF, 0xE1]))).toBe(false)
    expect(served.rawPayload.subarray(-15)).toEqual(photo.subarray(-15)) // the image itself is intact

    // A photo attached to a private request (civil status) is never served, even by its id.
    const { db } = t.database
    const privateTicket = await db.ticket.create({ data: { reference: 'DEM-2024-00001', year: 2024, seq: 1, kind: 'formal_request', category: 'civil_status', serviceCode: 'etat_civil', title: 'Acte', description: 'Acte', source: 'agent' } })
    const attachment = await db.attachment.create({ data: { ticketId: privateTicket.id, filename: 'maison.jpg', contentType: 'image/jpeg', size: photo.length, data: new Uint8Array(photo) } })
    expect((await t.app.inject({ method: 'GET', url: `/open311/v2/media/${attachment.id}.jpg` })).statusCode).toBe(404)
    // Not an image: not published.
    const pdf = await db.attachment.create({ data: { ticketId: (await db.ticket.findUniqueOrThrow({ where: { reference: request.service_request_id } })).id, filename: 'a.pdf', contentType: 'application/pdf', size: 4, data: new Uint8Array([37, 80, 68, 70]) } })
    expect((await t.app.inject({ method: 'GET', url: `/open311/v2/media/${pdf.id}.jpg` })).statusCode).toBe(404)
  })

  it('makes a clean title: one line, the first sentence, at most 80 characters on a word boundary', async () => {
    const id = await create([['description', 'Arbre tombé sur la chaussée.\r\nIl bloque la circulation depuis ce matin']])
    expect((await t.database.db.ticket.findUniqueOrThrow({ where: { reference: id } })).title).toBe('Arbre tombé sur la chaussée')
    const long = await create([['description', 'Les racines du grand platane devant la boulangerie soulèvent le trottoir sur toute sa largeur et les poussettes ne passent plus']])
    const title = (await t.database.db.ticket.findUniqueOrThrow({ where: { reference: long } })).title
    expect(title.length).toBeLessThanOrEqual(80)
    expect(title).toBe('Les racines du grand platane devant la boulangerie soulèvent le trottoir sur…')
  })

  it('names address_id in the error of an address_id-only POST', async () => {
    const res = await postForm(t, 'json', [['api_key', key], ['service_code', 'roads'], ['address_id', '37261_0420_00012']])
    expect(res.statusCode).toBe(400)
    expect(expectSchema('errors', res.body)[0].description).toContain('address_id')
  })

  it('refuses coordinates outside the commune\'s bounding box with 400, nothing stored', async () => {
    const before = await storedCounts(t)
    const res = await postForm(t, 'xml', [['api_key', key], ['service_code', 'roads'], ['lat', '48.8566'], ['long', '2.3522'], ['description', 'Paris']])
    expect(res.statusCode).toBe(400)
    expect(parseXml(res.body).errors.error[0].description).toContain('outside the commune')
    expect(await storedCounts(t)).toEqual(before)
  })

  it('takes the commune\'s box from the town file (settings.bbox), and TOWN_BBOX overrides it', async () => {
    const paris: Field[] = [['api_key', key], ['service_code', 'roads'], ['lat', '48.8566'], ['long', '2.3522'], ['description', 'Paris']]
    const admin = await signedInAgent(t, 'admin')
    const settings = (await t.app.inject({ method: 'GET', url: '/api/town/settings', headers: admin.bearer })).json().settings
    expect(settings.bbox).toBe('0.60,47.33,0.78,47.46')
    const bad = await t.app.inject({ method: 'PUT', url: '/api/town/settings', headers: admin.bearer, payload: { settings: { ...settings, bbox: '2.5,48.8,2.2' } } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details.map((d: { path: string }) => d.path)).toEqual(['settings.bbox'])
    expect((await t.app.inject({ method: 'PUT', url: '/api/town/settings', headers: admin.bearer, payload: { settings: { ...settings, bbox: '2.2,48.8,2.5,48.9' } } })).statusCode).toBe(200)
    expect((await postForm(t, 'json', paris)).statusCode).toBe(200)
    expect((await postForm(t, 'json', base())).statusCode).toBe(400)
    expect((await t.app.inject({ method: 'PUT', url: '/api/town/settings', headers: admin.bearer, payload: { settings } })).statusCode).toBe(200)
    expect((await postForm(t, 'json', paris)).statusCode).toBe(400)

    const overridden = await buildTestApp({ configEnv: { TOWN_BBOX: '2.2,48.8,2.5,48.9' } })
    try {
      const otherKey = await newApiKey(overridden)
      expect((await postForm(overridden, 'json', [['api_key', otherKey], ...paris.slice(1)])).statusCode).toBe(200)
    } finally { await overridden.stopAll() }
  })

  it('lists public updates for FixMyStreet (servicerequestupdates.json|xml), without internal notes', async () => {
    const from = new Date(Date.now() - 1000).toISOString()
    const id = await create([['description', 'Nid-de-poule']])
    expect((await patch(id, { status: 'in_progress', publicNote: 'Équipe prévenue. Contact : 06 12 34 56 78' })).statusCode).toBe(200)
    expect((await patch(id, { note: 'interne : secret' })).statusCode).toBe(200)
    expect((await patch(id, { publicNote: 'Passage prévu mardi.' })).statusCode).toBe(200)
    expect((await patch(id, { status: 'resolved' })).statusCode).toBe(200)
    const query = `start_date=${encodeURIComponent(from)}&end_date=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`
    const updates = expectSchema('updateList', (await get(`servicerequestupdates.json?${query}`)).body).filter((u: { service_request_id: string }) => u.service_request_id === id)
    expect(updates.map((u: { status: string, description: string }) => [u.status, u.description])).toEqual([
      ['open', 'En cours de traitement. Équipe prévenue. Contact : [téléphone masqué]'],
      ['open', 'En cours de traitement. Passage prévu mardi.'],
      ['closed', 'Résolue'],
    ])
    expect(new Set(updates.map((u: { update_id: string }) => u.update_id)).size).toBe(3)
    const xml = parseXml((await get(`servicerequestupdates.xml?${query}`)).body)
    const mine = xml.service_requests_updates.request_update.filter((u: { service_request_id: string }) => u.service_request_id === id)
    expect(mine.map((u: { status: string }) => u.status)).toEqual(['open', 'open', 'closed'])
    expect(JSON.stringify(xml)).not.toContain('secret')
    const bad = await get('servicerequestupdates.json?start_date=hier')
    expect(bad.statusCode).toBe(400)
    expectSchema('errors', bad.body)
  })

  it('describes the HTTP API in OpenAPI 3 at /api/openapi.json, Open311 routes included', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    for (const path of ['/open311/v2/requests.{format}', '/open311/v2/servicerequestupdates.{format}', '/open311/v2/services.{format}', '/api/tickets']) expect(Object.keys(doc.paths), path).toContain(path)
    expect(doc.paths['/open311/v2/requests.{format}'].post.responses['200']).toBeDefined()
    // The agents' API and the channels' endpoints are described too.
    expect(doc.paths['/api/tickets/{id}'].patch.summary).toContain('Change a ticket')
    expect(Object.keys(doc.paths['/api/tickets/{id}'].patch.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['status', 'publicNote']))
    expect(doc.paths['/api/auth/login'].post.summary).toContain('Sign in')
    expect(Object.keys(doc.paths)).not.toContain('/api/openapi.json')
  })
})
