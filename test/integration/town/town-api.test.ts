// The town's data through /api/town: whole-file export/replace, FAQ, closures, hours, CSV, audit,
// and a change reaching a conversation without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { signedInAgent, type SignedIn } from '../inbox/agent-sessions.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { stringify } from 'yaml'
import { seedDemoTown } from '../../../src/town/demo-town.ts'
import { storeOf } from '../../../src/db/transaction.ts'

/**
 * An import refused by its last check (a topic still subscribed to), after it wrote every other
 * table (the town renamed, a place renamed, an FAQ entry gone, a menu added): none of it may remain.
 */
async function expectRefusedImportChangesNothing (t: TestApp, admin: SignedIn) {
  const town = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()
  const citizen = await t.database.db.citizen.create({ data: {} })
  const identity = await t.database.db.identity.create({ data: { citizenId: citizen.id, kind: 'webchat', value: 'rollback-test' } })
  await t.database.db.alertSubscription.create({ data: { identityId: identity.id, topic: 'newsletter' } })
  const changed = {
    ...town,
    settings: { ...town.settings, townName: 'Ailleurs' },
    places: town.places.map((p: { code: string }) => p.code === 'mairie' ? { ...p, name: { fr: 'Autre nom', en: 'Other name' } } : p),
    faq: town.faq.slice(1),
    menus: [{ date: '2027-01-04', starter: null, main: 'Lasagnes', side: null, dessert: null, notes: null }],
    alertTopics: town.alertTopics.filter((x: { code: string }) => x.code !== 'newsletter'),
  }
  const refused = await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: changed })
  expect(refused.statusCode).toBe(400)
  expect(refused.json().details).toEqual([{ path: 'alertTopics', message: 'the topic "newsletter" has 1 subscription(s): keep it in the file' }])
  expect((await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()).toEqual(town)
  await t.database.db.alertSubscription.deleteMany({ where: { identityId: identity.id } })
}

describe('town data API', () => {
  let t: TestApp
  let admin: SignedIn
  let manager: SignedIn
  let agent: SignedIn
  const ids = async () => {
    const db = t.database.db
    const [places, exceptions, faq, waste, events, holidays] = await Promise.all([db.place.findMany(), db.placeException.findMany(), db.faqEntry.findMany(), db.wasteCollection.findMany(), db.townEvent.findMany(), db.schoolHoliday.findMany()])
    return [places, exceptions, faq, waste, events, holidays].map(rows => rows.map(r => 'id' in r ? r.id : '').sort())
  }

  beforeAll(async () => {
    t = await buildTestApp()
    admin = await signedInAgent(t, 'admin')
    manager = await signedInAgent(t, 'manager')
    agent = await signedInAgent(t, 'agent')
  })
  afterAll(async () => { await t.stopAll() })

  it('gives the whole demo town to managers, in JSON or YAML, and refuses agents', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/town', headers: manager.bearer })
    expect(res.statusCode).toBe(200)
    const town = res.json()
    expect(town.places.map((p: { code: string }) => p.code)).toEqual(['mairie', 'piscine', 'mediatheque', 'decheterie', 'cimetiere', 'gymnase', 'police'])
    expect(town.places[0].openingHours).toBe('Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00,13:30-16:30; Sa 09:00-12:00; PH off')
    expect(town.categories.filter((c: { visibility: string }) => c.visibility === 'private').map((c: { code: string }) => c.code)).toEqual(['civil_status', 'school_enrollment', 'building_permit', 'subsidy', 'appointment'])
    expect(town.faq.length).toBeGreaterThanOrEqual(3)
    const yaml = await t.app.inject({ method: 'GET', url: '/api/town?format=yaml', headers: manager.bearer })
    expect(yaml.headers['content-type']).toMatch(/yaml/)
    expect(yaml.body).toContain('openingHours:')
    expect((await t.app.inject({ method: 'GET', url: '/api/town', headers: agent.bearer })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'PUT', url: '/api/town', headers: manager.bearer, payload: town })).statusCode).toBe(403)
  })

  it('Open311 lists only the public categories', async () => {
    const services = (await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' })).json() as { service_code: string }[]
    expect(services.map(s => s.service_code)).toContain('lighting')
    expect(services.map(s => s.service_code)).not.toContain('civil_status')
  })

  it('imports the same document twice to the same rows and ids', async () => {
    const town = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()
    const before = await ids()
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: town })
      expect(res.statusCode).toBe(200)
    }
    expect(await ids()).toEqual(before)
    expect((await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()).toEqual(town)
  })

  it('carries the alert topics in the town file: exported, changed by an import, a bad one named by its field', async () => {
    const town = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()
    expect(town.alertTopics.map((x: { code: string }) => x.code)).toEqual(['roadworks', 'water', 'weather', 'newsletter'])
    expect(town.alertTopics[0]).toEqual({ code: 'roadworks', name: { fr: 'Travaux', en: 'Roadworks' }, description: { fr: 'Travaux et fermetures de rues, déviations.', en: 'Roadworks, closed streets and diversions.' } })
    const changed = { ...town, alertTopics: [...town.alertTopics, { code: 'schools', name: { fr: 'Écoles', en: 'Schools' } }] }
    expect((await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: changed })).statusCode).toBe(200)
    const topics = (await t.app.inject({ method: 'GET', url: '/api/alert-topics', headers: admin.bearer })).json().topics
    expect(topics.map((x: { code: string }) => x.code)).toEqual(['roadworks', 'water', 'weather', 'newsletter', 'schools'])
    const exported = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()
    expect(exported.alertTopics[4]).toEqual({ code: 'schools', name: { fr: 'Écoles', en: 'Schools' }, description: null })

    const bad = { ...town, alertTopics: [...town.alertTopics, { code: 'Écoles !', name: { en: 'Schools' } }] }
    const res = await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: bad })
    expect(res.statusCode).toBe(400)
    expect(res.json().details.map((d: { path: string }) => d.path)).toEqual(['alertTopics[4].code', 'alertTopics[4].name.fr'])
    expect((await t.database.db.alertTopic.findMany()).map(x => x.code).sort()).toEqual(['newsletter', 'roadworks', 'schools', 'water', 'weather'])

    // A topic citizens are subscribed to stays unless the file keeps it.
    const citizen = await t.database.db.citizen.create({ data: {} })
    const identity = await t.database.db.identity.create({ data: { citizenId: citizen.id, kind: 'webchat', value: 'topic-test' } })
    await t.database.db.alertSubscription.create({ data: { identityId: identity.id, topic: 'schools' } })
    const refused = await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: town })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().details[0]).toMatchObject({ path: 'alertTopics', message: expect.stringContaining('"schools" has 1 subscription') })
    expect(await t.database.db.alertTopic.count()).toBe(5)
    await t.database.db.alertSubscription.deleteMany({ where: { topic: 'schools' } })
    expect((await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: town })).statusCode).toBe(200)
    expect(await t.database.db.alertTopic.count()).toBe(4)
  })

  it('leaves every table as it was when an import is refused by its last check', async () => {
    await expectRefusedImportChangesNothing(t, admin)
  })

  it('refuses a bad YAML document naming the line and field, and changes nothing', async () => {
    const town = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()
    town.places[1].openingHours = 'Lu-Ve 9h-12h'
    town.categories[0].service = 'nowhere'
    town.faq.push({ id: 'new-one', questions: { fr: ['Une question ?'] }, answer: { fr: 'Une réponse.' } })
    const text = stringify(town)
    const before = await ids()
    const res = await t.app.inject({ method: 'PUT', url: '/api/town', headers: { ...admin.bearer, 'content-type': 'application/yaml' }, payload: text })
    expect(res.statusCode).toBe(400)
    const body = res.json()
    expect(body.error).toBe('validation_failed')
    const hours = body.details.find((d: { path: string }) => d.path === 'places[1].openingHours')
    expect(hours.line).toBe(text.split('\n').findIndex(l => l.includes('Lu-Ve 9h-12h')) + 1)
    expect(body.details.find((d: { path: string }) => d.path === 'categories[0].service').message).toMatch(/nowhere/)
    expect(await ids()).toEqual(before)
    expect(await t.database.db.faqEntry.findUnique({ where: { id: 'new-one' } })).toBeNull()
  })

  it('adds an FAQ entry (201, audited), lists it, and refuses a bad one with the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/town/faq', headers: admin.bearer, payload: { questions: { fr: ['Où garer un camping-car ?'], en: ['Where can I park a camper van?'] }, answer: { fr: 'Aire de camping-cars route de Nantes.', en: 'Camper van area, route de Nantes.' }, tags: ['stationnement'] } })
    expect(res.statusCode).toBe(201)
    const { id } = res.json()
    const list = (await t.app.inject({ method: 'GET', url: '/api/town/faq', headers: manager.bearer })).json()
    expect(list.faq.find((f: { id: string }) => f.id === id)).toMatchObject({ answer: { en: 'Camper van area, route de Nantes.' }, tags: ['stationnement'], active: true })
    expect(await t.database.db.auditEvent.count({ where: { action: 'town.faq.create', targetId: id, actorId: admin.id } })).toBe(1)
    const bad = await t.app.inject({ method: 'POST', url: '/api/town/faq', headers: admin.bearer, payload: { questions: { fr: [] }, answer: { en: 'x' }, link: 'ftp://x' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['answer.fr', 'link', 'questions.fr'])
  })

  it('records a closure and refuses an unknown place or a bad date', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/town/closures', headers: admin.bearer, payload: { place: 'piscine', from: '2027-01-02', to: '2027-01-03', note: { fr: 'Vidange du bassin', en: 'Pool maintenance' } } })
    expect(res.statusCode).toBe(201)
    const closures = (await t.app.inject({ method: 'GET', url: '/api/town/closures?place=piscine', headers: manager.bearer })).json().closures
    expect(closures).toEqual([{ id: res.json().id, place: 'piscine', from: '2027-01-02', to: '2027-01-03', open: false, note: { fr: 'Vidange du bassin', en: 'Pool maintenance' } }])
    const open = await t.app.inject({ method: 'POST', url: '/api/town/closures', headers: admin.bearer, payload: { place: 'mairie', from: '2027-03-20T09:00', to: '2027-03-20T18:00', open: true, note: { fr: 'Élections', en: 'Elections' } } })
    expect(open.statusCode).toBe(201)
    const bad = await t.app.inject({ method: 'POST', url: '/api/town/closures', headers: admin.bearer, payload: { place: 'chateau', from: '24/12/2026' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details.map((d: { path: string }) => d.path)).toEqual(['place', 'from', 'to'])
    const exported = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()
    expect(exported.places.find((p: { code: string }) => p.code === 'mairie').exceptions).toContainEqual({ from: '2027-03-20T09:00', to: '2027-03-20T18:00', open: true, note: { fr: 'Élections', en: 'Elections' } })
  })

  it('changes a place\'s hours and the conversation answers with them within 5 s, without a restart', async () => {
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/town/places/piscine', headers: admin.bearer, payload: { openingHours: 'Mo-Fr 25:00-26:00' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].path).toBe('openingHours')
    const started = Date.now()
    const res = await t.app.inject({ method: 'PATCH', url: '/api/town/places/piscine', headers: admin.bearer, payload: { openingHours: 'Mo-Su 06:45-07:15' } })
    expect(res.statusCode).toBe(200)
    const chat = await openChat(t.app)
    await chat.say('quels sont les horaires de la piscine ?')
    const answer = await waitFor(async () => (await chat.messages()).find(m => m.author === 'bot' && /piscine/i.test(m.text))?.text, 5000, 'the pool hours')
    expect(answer).toMatch(/6\s*h\s*45|6:45/) // « 6 h 45 » with non-breaking spaces
    expect(Date.now() - started).toBeLessThan(5000)
    expect(await t.database.db.auditEvent.count({ where: { action: 'town.place.update', targetId: 'piscine' } })).toBe(1)
  })

  it('imports menus and BAN streets from CSV', async () => {
    const menus = await t.app.inject({ method: 'POST', url: '/api/town/menus.csv', headers: { ...admin.bearer, 'content-type': 'text/csv' }, payload: 'date;entree;plat;accompagnement;dessert\n12/01/2027;Velouté;Quiche lorraine;Salade;Clémentine\n2027-01-13;;Gratin de pâtes;;Yaourt\n' })
    expect(menus.statusCode).toBe(200)
    expect(menus.json()).toEqual({ imported: 2 })
    expect(await t.database.db.canteenMenu.findUnique({ where: { date: '2027-01-12' } })).toMatchObject({ starter: 'Velouté', main: 'Quiche lorraine', side: 'Salade', dessert: 'Clémentine' })
    const badMenus = await t.app.inject({ method: 'POST', url: '/api/town/menus.csv', headers: { ...admin.bearer, 'content-type': 'text/csv' }, payload: 'date,main\n2027-13-01,Frites\n2027-01-14,\n' })
    expect(badMenus.statusCode).toBe(400)
    expect(badMenus.json().details.map((d: { path: string }) => d.path)).toEqual(['line 2.date', 'line 3.main'])
    const ban = 'id;id_fantoir;numero;rep;nom_voie;code_postal;nom_commune\nx1;;1;;Rue des Lilas;44000;Belleville\nx2;;3;;Rue des Lilas;44000;Belleville\nx3;;2;;Allée des Acacias;44000;Belleville\n'
    const streets = await t.app.inject({ method: 'POST', url: '/api/town/waste-zones/les-pres/streets.csv', headers: { ...admin.bearer, 'content-type': 'text/csv' }, payload: ban })
    expect(streets.json()).toEqual({ zone: 'les-pres', streets: 2 })
    const zone = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json().wasteZones.find((z: { code: string }) => z.code === 'les-pres')
    expect(zone.streets).toEqual(['Allée des Acacias', 'Rue des Lilas'])
    const noColumn = await t.app.inject({ method: 'POST', url: '/api/town/waste-zones/les-pres/streets.csv', headers: { ...admin.bearer, 'content-type': 'text/csv' }, payload: 'rue\nRue X\n' })
    expect(noColumn.statusCode).toBe(400)
  })
})

describe('one section of the town at a time', () => {
  let t: TestApp
  let admin: SignedIn
  beforeAll(async () => {
    t = await buildTestApp()
    admin = await signedInAgent(t, 'admin')
  })
  afterAll(async () => { await t.stopAll() })

  it('replaces the events alone, keeps the rest, and names the bad field', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/town/events', headers: admin.bearer, payload: { events: [{ title: 'Vœux du maire', place: 'Salle des fêtes', start: '2027-01-09T18:30', end: '2027-01-09T20:00', category: 'ceremony' }] } })
    expect(res.statusCode).toBe(200)
    const events = (await t.app.inject({ method: 'GET', url: '/api/town/events', headers: admin.bearer })).json().events
    expect(events).toEqual([{ title: 'Vœux du maire', description: null, place: 'Salle des fêtes', start: '2027-01-09T18:30', end: '2027-01-09T20:00', category: 'ceremony', link: null, rrule: null }])
    expect(await t.database.db.place.count()).toBe(7)
    const bad = await t.app.inject({ method: 'PUT', url: '/api/town/events', headers: admin.bearer, payload: { events: [{ title: 'X', start: 'demain' }] } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].path).toBe('events[0].start')
    expect((await t.app.inject({ method: 'GET', url: '/api/town/unknown', headers: admin.bearer })).statusCode).toBe(404)
  })

  it('gives a town seeded before alert topics were town data the demo file\'s topics, once', async () => {
    await t.database.db.alertTopic.deleteMany()
    expect(await seedDemoTown(storeOf(t.database.db))).toBe(false)
    expect((await t.database.db.alertTopic.findMany({ orderBy: { position: 'asc' } })).map(x => x.code)).toEqual(['roadworks', 'water', 'weather', 'newsletter'])
    await t.database.db.alertTopic.delete({ where: { code: 'water' } })
    await seedDemoTown(storeOf(t.database.db))
    expect(await t.database.db.alertTopic.count()).toBe(3)
  })

  it('reads the JSON week of a database from before openingHours as opening_hours', async () => {
    await t.database.db.place.update({ where: { code: 'gymnase' }, data: { openingHours: '', hours: JSON.stringify({ mon: [['17:00', '22:00']], tue: [['17:00', '22:00']], sat: [['09:00', '12:00']] }) } })
    const places = (await t.app.inject({ method: 'GET', url: '/api/town/places', headers: admin.bearer })).json().places
    expect(places.find((p: { code: string }) => p.code === 'gymnase').openingHours).toBe('Mo,Tu 17:00-22:00; Sa 09:00-12:00; PH off')
  })
})

describe('the town file on PostgreSQL', () => {
  let t: TestApp
  let admin: SignedIn
  beforeAll(async () => {
    t = await buildTestApp({ db: 'postgresql' })
    admin = await signedInAgent(t, 'admin')
  })
  afterAll(async () => { await t.stopAll() })

  it('imports the same file twice to the same data, and a bad one changes nothing', async () => {
    const town = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()
    expect(town.places).toHaveLength(7)
    const placeIds = (await t.database.db.place.findMany({ orderBy: { code: 'asc' } })).map(p => p.id)
    expect((await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: town })).statusCode).toBe(200)
    expect((await t.database.db.place.findMany({ orderBy: { code: 'asc' } })).map(p => p.id)).toEqual(placeIds)
    const bad = { ...town, faq: [...town.faq, { id: 'x', questions: { fr: ['Q ?'] }, answer: { fr: 'R' } }], events: [{ title: 'Sans date' }] }
    expect((await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: bad })).statusCode).toBe(400)
    expect((await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()).toEqual(town)
  })

  it('leaves every table as it was when an import is refused by its last check', async () => {
    await expectRefusedImportChangesNothing(t, admin)
  })
})

describe('services', () => {
  let t: TestApp
  let admin: SignedIn
  beforeAll(async () => {
    t = await buildTestApp()
    admin = await signedInAgent(t, 'admin')
  })
  afterAll(async () => { await t.stopAll() })

  it('changes a service\'s email, refuses a bad one with its field', async () => {
    const ok = await t.app.inject({ method: 'PATCH', url: '/api/town/services/urbanisme', headers: admin.bearer, payload: { email: 'permis@mairie.example' } })
    expect(ok.json()).toMatchObject({ code: 'urbanisme', email: 'permis@mairie.example', name: { fr: 'Urbanisme' } })
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/town/services/urbanisme', headers: admin.bearer, payload: { email: 'pas une adresse' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].path).toBe('services[0].email')
    expect((await t.database.db.municipalService.findUnique({ where: { code: 'urbanisme' } }))!.email).toBe('permis@mairie.example')
  })
})
