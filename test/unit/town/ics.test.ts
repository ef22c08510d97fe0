// iCalendar parsing without a network: a TZID the feed does not describe (common in hand-made
// feeds) is still read as that zone's wall-clock time across the clock change; all-day events.
import { describe, expect, it } from 'vitest'
import { eventsOfCalendar } from '../../../src/town/ics-feed.ts'

const feed = (body: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\n${body.trim().split('\n').join('\r\n')}\r\nEND:VCALENDAR\r\n`

describe('events of an iCalendar feed', () => {
  it('reads a TZID without VTIMEZONE as that zone, across daylight saving, and all-day events in the town zone', () => {
    const events = eventsOfCalendar(feed(`
BEGIN:VEVENT
UID:a
DTSTAMP:20261201T000000Z
SUMMARY:Permanence du maire
DTSTART;TZID=Europe/Paris:20270327T100000
DTEND;TZID=Europe/Paris:20270327T120000
RRULE:FREQ=WEEKLY;COUNT=2
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTAMP:20261201T000000Z
SUMMARY:Brocante
DTSTART;VALUE=DATE:20270501
DTEND;VALUE=DATE:20270502
END:VEVENT
BEGIN:VEVENT
UID:c
DTSTAMP:20261201T000000Z
SUMMARY:Annulé
STATUS:CANCELLED
DTSTART:20270110T100000Z
END:VEVENT`), new Date('2026-12-06T00:00:00Z'), 'Europe/Paris')
    expect(events.map(e => [e.title, e.startsAt.toISOString(), e.endsAt?.toISOString()])).toEqual([
      ['Permanence du maire', '2027-03-27T09:00:00.000Z', '2027-03-27T11:00:00.000Z'],
      ['Permanence du maire', '2027-04-03T08:00:00.000Z', '2027-04-03T10:00:00.000Z'],
      ['Brocante', '2027-04-30T22:00:00.000Z', '2027-05-01T22:00:00.000Z'],
    ])
  })

  it('refuses what is not a calendar', () => {
    expect(() => eventsOfCalendar('<html>502 Bad Gateway</html>', new Date(), 'Europe/Paris')).toThrow()
  })
})
