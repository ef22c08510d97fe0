// Open311 conformance, part 2: discovery, services, service definitions and the public GET
// requests, each in JSON and XML, with the spec's types, filters and privacy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { chatCitizenWithTicket, newApiKey, signIn } from './ticket-fixtures.ts'
import { checked, parseXml, postForm, schemaOfUrl } from './open311-client.ts'

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/
// Absent fields are left out, never null (issue 17): no service_notice, expected_datetime, address, address_id, zipcode here.
const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
  'requested_datetime', 'updated_datetime', 'lat', 'long', 'media_url'].sort()

describe('Open311 discovery, services and public requests', () => {
  let t: TestApp
  let reported: string
  let resolved: string
  let formal: string
  // Every answer is validated (JSON against the GeoReport v2 schemas) or parsed (XML) on the way.
  const get = async (url: string) => checked(url.split('?')[0].endsWith('.json') ? 'json' : 'xml', await t.app.inject({ method: 'GET', url: `/open311/v2/${url}` }), schemaOfUrl(url))

  beforeAll(async () => {
    t = await buildTestApp()
    const key = await newApiKey(t)
    const post = async (fields: [string, string][]) => (await postForm(t, 'json', [['api_key', key], ...fields])).json()[0].service_request_id as string
    reported = await post([['service_code', 'lighting'], ['lat', '47.39'], ['long', '0.68'], ['description', 'Lampadaire <b>éteint</b> & clignotant'],
      ['email', 'secret.person@example.org'], ['phone', '0611223344'], ['first_name', 'Zébulon'], ['last_name', 'Secretname'], ['media_url', 'https://photos.example.org/z.jpg']])
    resolved = await post([['service_code', 'roads'], ['address_string', '12 rue Haute'], ['description', 'Nid-de-poule']])
    const agent = await signIn(t)
    const patch = (reference: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/tickets/${reference}`, headers: agent.auth, payload })
    expect((await patch(resolved, { status: 'resolved', publicNote: 'Rebouché le 3 mars.' })).statusCode).toBe(200)
    const chat = await chatCitizenWithTicket(t, { category: 'building_permit', kind: 'formal_request' })
    formal = chat.ticket.reference
  })
  afterAll(async () => { await t?.stopAll() })

  it('describes the endpoint in discovery, JSON and XML', async () => {
    const json = (await get('discovery.json')).json()
    expect(json).toMatchObject({ changeset: expect.stringMatching(ISO_WITH_ZONE), contact: expect.any(String), key_service: expect.any(String) })
    expect(json.endpoints).toEqual([{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${t.config.publicUrl}/open311/v2/`, changeset: json.changeset, type: 'production', formats: ['text/xml', 'application/json'] }])
    const xml = parseXml((await get('discovery.xml')).body)
    expect(xml.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json'])
  })

  it('lists the services as a top-level array with string codes, and the same in XML', async () => {
    const res = await get('services.json')
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const services = res.json()
    expect(Array.isArray(services)).toBe(true)
    const lighting = services.find((s: { service_code: string }) => s.service_code === 'lighting')
    expect(lighting).toEqual({ service_code: 'lighting', service_name: 'Éclairage public', description: expect.any(String), metadata: true, type: 'realtime', keywords: 'lampadaire,éclairage', group: 'Éclairage public' })
    expect(services.find((s: { service_code: string }) => s.service_code === 'roads')).toMatchObject({ metadata: false, group: 'Service voirie' })
    for (const s of services) expect(typeof s.service_code).toBe('string')
    const xml = parseXml((await get('services.xml')).body)
    expect(xml.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(services.map((s: { service_code: string }) => s.service_code))
    expect(xml.services.service.find((s: { service_code: string }) => s.service_code === 'lighting').metadata).toBe('true')
  })

  it('gives a service definition with its attributes and allowed values', async () => {
    const def = (await get('services/dumping.json')).json()
    expect(def.service_code).toBe('dumping')
    expect(def.attributes[0]).toEqual({ variable: true, code: 'volume', datatype: 'singlevaluelist', required: true, order: 1, description: 'Quantité de déchets',
      values: [{ key: 'small', name: 'Moins d’un sac' }, { key: 'medium', name: 'Un coffre de voiture' }, { key: 'large', name: 'Plus qu’un coffre de voiture' }] })
    const xml = parseXml((await get('services/dumping.xml')).body)
    expect(xml.service_definition.attributes.attribute[1]).toMatchObject({ variable: 'true', code: 'kinds', datatype: 'multivaluelist', required: 'false', order: '2' })
    expect(xml.service_definition.attributes.attribute[0].values.value).toHaveLength(3)
    expect((await get('services/roads.json')).json()).toEqual({ service_code: 'roads', attributes: [] })
    const unknown = await get('services/ufo.json')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual([{ code: 404, description: 'Unknown service_code ufo' }])
    const unknownXml = await get('services/ufo.xml')
    expect(parseXml(unknownXml.body)).toEqual({ errors: { error: [{ code: '404', description: 'Unknown service_code ufo' }] } })
  })

  it('lists requests with the spec\'s fields and types, never the reporter\'s email, phone or name', async () => {
    const res = await get('requests.json')
    const list = res.json()
    expect(Array.isArray(list)).toBe(true)
    const mine = list.find((r: { service_request_id: string }) => r.service_request_id === reported)
    expect(Object.keys(mine).sort()).toEqual(REQUEST_FIELDS)
    expect(mine).toMatchObject({ status: 'open', status_notes: 'Enregistrée', service_code: 'lighting', service_name: 'Éclairage public', agency_responsible: 'Éclairage public',
      description: 'Lampadaire <b>éteint</b> & clignotant', lat: 47.39, long: 0.68, media_url: 'https://photos.example.org/z.jpg' })
    expect(mine.requested_datetime).toMatch(ISO_WITH_ZONE)
    expect(mine.updated_datetime).toMatch(ISO_WITH_ZONE)
    for (const format of ['json', 'xml']) {
      const body = (await get(`requests.${format}`)).body
      for (const secret of ['secret.person', '0611223344', '+33611223344', 'Zébulon', 'Secretname', 'account_id']) expect(body).not.toContain(secret)
    }
    const xml = parseXml((await get('requests.xml')).body)
    const mineXml = xml.service_requests.request.find((r: { service_request_id: string }) => r.service_request_id === reported)
    expect(mineXml.description).toBe('Lampadaire <b>éteint</b> & clignotant') // escaped on the wire, intact once parsed
    expect(mineXml.lat).toBe('47.39')
  })

  it('says closed with the detail and the public note in status_notes', async () => {
    const [one] = (await get(`requests/${resolved}.json`)).json()
    expect(one).toMatchObject({ service_request_id: resolved, status: 'closed', status_notes: 'Résolue. Rebouché le 3 mars.', address: '12 rue Haute' })
    expect(one).not.toHaveProperty('lat')
    const xml = parseXml((await get(`requests/${resolved}.xml`)).body)
    expect(xml.service_requests.request[0]).toMatchObject({ service_request_id: resolved, status: 'closed' })
  })

  it('never publishes a request of a private category (a person\'s own affairs), not even that it exists', async () => {
    const res = await get(`requests/${formal}.json`)
    expect(res.statusCode).toBe(404)
    expect((await get('requests.json')).body).not.toContain(formal)
  })

  it('filters by id, service, status and dates; an empty parameter counts as absent', async () => {
    const ids = async (query: string) => (await get(`requests.json${query}`)).json().map((r: { service_request_id: string }) => r.service_request_id).sort()
    const all = await ids('')
    expect(all).toEqual([reported, resolved].sort())
    expect(await ids(`?service_request_id=${reported},${resolved}&status=open`)).toEqual([reported, resolved].sort()) // other filters ignored
    expect(await ids('?service_code=lighting')).toEqual([reported])
    expect(await ids('?service_code=lighting,roads')).toEqual([reported, resolved].sort())
    expect(await ids('?status=closed')).toEqual([resolved])
    expect(await ids('?status=open&jurisdiction_id=belleville.fr')).toEqual([reported])
    expect(await ids('?service_code=&status=&start_date=&end_date=')).toEqual(all)
    const yesterday = new Date(Date.now() - 86_400_000).toISOString()
    expect(await ids(`?start_date=${encodeURIComponent(yesterday)}`)).toEqual(all)
    expect(await ids(`?end_date=${encodeURIComponent(yesterday)}`)).toEqual([])
    expect(await ids('?start_date=2099-01-01T00:00:00+01:00')).toEqual([]) // the "+" arrives as a space
    expect(await ids(`?start_date=${encodeURIComponent('2099-01-01T00:00:00+01:00')}`)).toEqual([])
  })

  it('refuses a bad filter with 400 and an unknown request or resource with 404, in the spec\'s shapes', async () => {
    for (const query of ['start_date=yesterday', 'end_date=2026-13-45', 'status=pending', 'start_date=2026-02-01&end_date=2026-01-01']) {
      const res = await get(`requests.json?${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.json()).toEqual([{ code: 400, description: expect.any(String) }])
    }
    const xml = await get('requests.xml?start_date=yesterday')
    expect(xml.statusCode).toBe(400)
    expect(parseXml(xml.body).errors.error[0].code).toBe('400')
    const unknown = await get('requests/DEM-1999-00001.json')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()[0]).toEqual({ code: 404, description: 'Unknown service_request_id DEM-1999-00001' })
    const noFormat = await get('services.html')
    expect(noFormat.statusCode).toBe(404)
    expect(parseXml(noFormat.body).errors.error[0].code).toBe('404')
    const nowhere = await get('tokens/abc.json')
    expect(nowhere.statusCode).toBe(404)
    expect(nowhere.json()[0].code).toBe(404)
  })
})
