import { describe, expect, it } from 'vitest'
import { isoInZone, isQuietHour, quietHoursRelease } from '../../../src/tickets/quiet-hours.ts'

const NIGHT = { start: 22, end: 8 }
const PARIS = 'Europe/Paris'

describe('quiet hours for SMS notifications', () => {
  it('holds a 23:30 message in Paris until 08:00 the next morning', () => {
    const release = quietHoursRelease(new Date('2026-11-28T22:30:00Z'), PARIS, NIGHT) // 23:30 in Paris (UTC+1)
    expect(release?.toISOString()).toBe('2026-11-29T07:00:00.000Z')
  })

  it('holds a 06:10 message until 08:00 the same morning, in summer time too', () => {
    expect(quietHoursRelease(new Date('2026-07-14T04:10:00Z'), PARIS, NIGHT)?.toISOString()).toBe('2026-07-14T06:00:00.000Z')
  })

  it('sends at once during the day', () => {
    expect(quietHoursRelease(new Date('2026-11-28T11:00:00Z'), PARIS, NIGHT)).toBeUndefined()
    expect(quietHoursRelease(new Date('2026-11-28T07:00:00Z'), PARIS, NIGHT)).toBeUndefined() // 08:00 sharp
  })

  it('follows the clock change during the night (last Sunday of March)', () => {
    // 23:00 on Saturday 28 March 2026 (UTC+1); clocks go to UTC+2 overnight: 08:00 is 06:00 UTC.
    expect(quietHoursRelease(new Date('2026-03-28T22:00:00Z'), PARIS, NIGHT)?.toISOString()).toBe('2026-03-29T06:00:00.000Z')
  })

  it('reads both kinds of ranges, and an empty one', () => {
    expect(isQuietHour(23, NIGHT)).toBe(true)
    expect(isQuietHour(12, NIGHT)).toBe(false)
    expect(isQuietHour(1, { start: 0, end: 7 })).toBe(true)
    expect(isQuietHour(7, { start: 0, end: 7 })).toBe(false)
    expect(isQuietHour(3, { start: 5, end: 5 })).toBe(false)
  })

  it('writes dates with the town\'s offset (Open311 W3C dates)', () => {
    expect(isoInZone(new Date('2026-11-28T10:23:13.500Z'), PARIS)).toBe('2026-11-28T11:23:13+01:00')
    expect(isoInZone(new Date('2026-07-01T00:00:00Z'), PARIS)).toBe('2026-07-01T02:00:00+02:00')
    expect(isoInZone(new Date('2026-07-01T00:00:00Z'), 'America/Martinique')).toBe('2026-06-30T20:00:00-04:00')
  })
})
