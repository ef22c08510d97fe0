// The events iCalendar feed, served by a real local HTTP server: a weekly recurrence across the
// spring clock change, an EXDATE, a moved occurrence, an event removed from the feed, and a failing
// feed that keeps the last good events and shows its error to administrators.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { signedInAgent, type SignedIn } from '../inbox/agent-sessions.ts'
import { createTownData } from '../../../src/town/town-data.ts'
import { storeOf } from '../../../src/db/transaction.ts'

const VTIMEZONE = `BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`

const YOGA = `BEGIN:VEVENT
UID:yoga@mairie.example
DTSTAMP:20261201T000000Z
SUMMARY:Yoga au parc
LOCATION:Parc des Prés
DTSTART;TZID=Europe/Paris:20270313T100000
DTEND;TZID=Europe/Paris:20270313T110000
RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=5
EXDATE;TZID=Europe/Paris:20270320T100000
URL:https://mairie.example/yoga
END:VEVENT
BEGIN:VEVENT
UID:yoga@mairie.example
DTSTAMP:20261201T000000Z
RECURRENCE-ID;TZID=Europe/Paris:20270403T100000
SUMMARY:Yoga au parc (déplacé)
LOCATION:Gymnase Marie-Curie
DTSTART;TZID=Europe/Paris:20270404T150000
DTEND;TZID=Europe/Paris:20270404T160000
END:VEVENT`

const LOTO = `BEGIN:VEVENT
UID:loto@mairie.example
DTSTAMP:20261201T000000Z
SUMMARY:Loto des écoles
DTSTART:20270116T130000Z
DTEND:20270116T170000Z
CATEGORIES:festival
END:VEVENT`

const calendar = (...events: string[]) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mairie//Agenda//FR\r\n${[VTIMEZONE, ...events].join('\r\n').replace(/\r?\n/g, '\r\n')}\r\nEND:VCALENDAR\r\n`

describe('events iCalendar feed', () => {
  let t: TestApp
  let admin: SignedIn
  let server: http.Server
  let serve: { status: number, body: string } = { status: 200, body: calendar(YOGA, LOTO) }
  const feedEvents = async () => (await t.database.db.townEvent.findMany({ where: { source: 'ics' }, orderBy: { startsAt: 'asc' } })).map(e => `${e.title} ${e.startsAt.toISOString()}`)
  const poll = async () => (await t.app.inject({ method: 'POST', url: '/api/town/feeds/events_ics/poll', headers: admin.bearer })).json()

  beforeAll(async () => {
    server = http.createServer((_request, response) => { response.writeHead(serve.status, { 'content-type': 'text/calendar' }); response.end(serve.body) })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agenda.ics`
    t = await buildTestApp({ configEnv: { TOWN_EVENTS_ICS_URL: url, TOWN_EVENTS_ICS_POLL_MINUTES: '15' } })
    admin = await signedInAgent(t, 'admin')
  })
  afterAll(async () => {
    await t.stopAll()
    await new Promise(resolve => server.close(resolve))
  })

  it('reads the feed at start: recurrence at 10:00 town time on both sides of the clock change, EXDATE skipped, occurrence moved', async () => {
    await waitFor(async () => (await feedEvents()).length > 0, 5000, 'the first poll')
    expect(await feedEvents()).toEqual([
      'Loto des écoles 2027-01-16T13:00:00.000Z',
      'Yoga au parc 2027-03-13T09:00:00.000Z', // CET, UTC+1
      // 20 March: EXDATE
      'Yoga au parc 2027-03-27T09:00:00.000Z',
      'Yoga au parc (déplacé) 2027-04-04T13:00:00.000Z', // moved from Saturday 3 April, CEST
      'Yoga au parc 2027-04-10T08:00:00.000Z', // CEST, UTC+2: still 10:00 in Paris
    ])
    // What the conversation reads: the feed's events beside the town file's, with link and category.
    const town = createTownData(storeOf(t.database.db), t.config)
    const upcoming = await town.upcomingEvents(new Date('2027-03-27T00:00:00Z'), 50)
    expect(upcoming.find(e => e.title === 'Yoga au parc')).toMatchObject({ place: 'Parc des Prés', link: 'https://mairie.example/yoga', endsAt: new Date('2027-03-27T10:00:00Z') })
    expect(upcoming.some(e => e.title === 'Marché de producteurs')).toBe(true)
    const feeds = (await t.app.inject({ method: 'GET', url: '/api/town/feeds', headers: admin.bearer })).json().feeds
    expect(feeds).toMatchObject([{ name: 'events_ics', ok: true, itemCount: 5, lastError: null }])
  })

  it('removes an event that left the feed', async () => {
    serve = { status: 200, body: calendar(YOGA) }
    expect(await poll()).toMatchObject({ ok: true, count: 4 })
    expect((await feedEvents()).some(e => e.startsWith('Loto'))).toBe(false)
  })

  it('keeps the last good events when the feed fails, and shows the error', async () => {
    const before = await feedEvents()
    serve = { status: 503, body: 'down' }
    expect(await poll()).toMatchObject({ ok: false, error: 'HTTP 503' })
    serve = { status: 200, body: 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:broken' }
    expect((await poll()).ok).toBe(false)
    expect(await feedEvents()).toEqual(before)
    const [feed] = (await t.app.inject({ method: 'GET', url: '/api/town/feeds', headers: admin.bearer })).json().feeds
    expect(feed.ok).toBe(false)
    expect(feed.lastError).toBeTruthy()
    expect(feed.lastSuccessAt).not.toBeNull()
    // The town file's own events are not the feed's: a town import keeps the feed's events.
    const town = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json()
    expect((await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: town })).statusCode).toBe(200)
    expect(await feedEvents()).toEqual(before)
  })
})
