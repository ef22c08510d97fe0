// The Open311 round trip on PostgreSQL: the same answers as on SQLite.
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { newApiKey } from './ticket-fixtures.ts'
import { expectManyIds, parseXml, postMultipart } from './open311-client.ts'

describe('Open311 on PostgreSQL', () => {
  let t: TestApp
  afterEach(async () => { await t?.stopAll() })

  it('creates a request from a multipart POST and lists it publicly in JSON and XML', async () => {
    t = await buildTestApp({ db: 'postgresql' })
    const key = await newApiKey(t)
    const res = await postMultipart(t, 'json', [['api_key', key], ['service_code', 'graffiti'], ['address_string', 'Pont Neuf'], ['description', 'Tag sur le pont\u0000'], ['email', 'x@example.org'],
      ['media_url', 'https://photos.example.org/1.jpg'], ['media_url', 'https://photos.example.org/2.jpg']])
    expect(res.statusCode, res.body).toBe(200)
    const id = res.json()[0].service_request_id
    const [one] = (await t.app.inject({ method: 'GET', url: `/open311/v2/requests.json?service_code=graffiti&status=open` })).json()
    expect(one).toMatchObject({ service_request_id: id, status: 'open', address: 'Pont Neuf', media_url: 'https://photos.example.org/1.jpg' })
    const xml = parseXml((await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml` })).body)
    expect(xml.service_requests.request[0].service_request_id).toBe(id)
    expect(await t.database.db.attachment.count()).toBe(2)
    expect(one.description).toBe('Tag sur le pont') // a NUL byte, which PostgreSQL text refuses, was dropped
  })

  it('answers 1,000 ids in under a second and 10,000 in one GET (issue 17)', async () => {
    t = await buildTestApp({ db: 'postgresql', listen: true })
    await expectManyIds(t, 'PostgreSQL')
  })
})
