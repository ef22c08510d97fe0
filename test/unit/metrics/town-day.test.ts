import { describe, expect, it } from 'vitest'
import { townDay } from '../../../src/metrics/metric-events.ts'

describe('townDay', () => {
  it('is the calendar day in the town\'s time zone, however the instants before it were asked', () => {
    // Paris at UTC+1 in December, UTC+2 in July; asked in turn within one quarter hour, across midnight, and in other zones.
    const cases: [string, string, string][] = [
      ['2026-12-06T22:44:59Z', 'Europe/Paris', '2026-12-06'],
      ['2026-12-06T22:59:59Z', 'Europe/Paris', '2026-12-06'],
      ['2026-12-06T22:59:59Z', 'America/New_York', '2026-12-06'],
      ['2026-12-06T22:59:59Z', 'Asia/Tokyo', '2026-12-07'],
      ['2026-12-06T23:00:00Z', 'Europe/Paris', '2026-12-07'],
      ['2026-12-06T22:59:59Z', 'Europe/Paris', '2026-12-06'],
      ['2026-07-14T21:59:59Z', 'Europe/Paris', '2026-07-14'],
      ['2026-07-14T22:00:00Z', 'Europe/Paris', '2026-07-15'],
      // Kathmandu is UTC+5:45: its midnight is a quarter hour, not an hour, of UTC time.
      ['2026-12-06T18:14:59Z', 'Asia/Kathmandu', '2026-12-06'],
      ['2026-12-06T18:15:00Z', 'Asia/Kathmandu', '2026-12-07'],
    ]
    for (const [at, zone, day] of cases) expect(townDay(new Date(at), zone), `${at} in ${zone}`).toBe(day)
  })
})
