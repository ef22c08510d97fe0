import Holidays from 'date-holidays'
import { describe, expect, it } from 'vitest'
import { holidayOn, publicHolidays } from '../../../../intents/time/holidays.ts'
import { createSchedule, openingHoursError, type Schedule } from '../../../../intents/time/opening-hours.ts'
import type { PlaceException } from '../../../../src/answerer.ts'

const PARIS = 'Europe/Paris'
const TOWN_HALL = 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off'
const EVERY_DAY = 'Mo-Su 08:00-18:00; PH off'
const schedule = (openingHours: string, exceptions: PlaceException[] = [], holidays: 'fr' | 'fr-alsace-moselle' = 'fr'): Schedule => {
  const s = createSchedule({ openingHours, exceptions }, { timeZone: PARIS, holidays })
  if (s === null) throw new Error('invalid hours')
  return s
}
const slots = (s: Schedule, day: string) => s.day(day).slots.map(slot => `${slot.from}-${slot.to}`)

// Every national holiday of 2026 and 2027, with its weekday: Saturdays and Sundays too (a place open every day closes).
const NATIONAL: [string, string][] = [
  ['2026-01-01', 'Nouvel An'], ['2026-04-06', 'Lundi de Pâques'], ['2026-05-01', 'Fête du travail'], ['2026-05-08', 'Fête de la Victoire 1945'],
  ['2026-05-14', 'Ascension'], ['2026-05-25', 'Lundi de Pentecôte'], ['2026-07-14', 'Fête Nationale de la France'], ['2026-08-15', 'Assomption'],
  ['2026-11-01', 'Toussaint'], ['2026-11-11', 'Armistice 1918'], ['2026-12-25', 'Noël'],
  ['2027-01-01', 'Nouvel An'], ['2027-03-29', 'Lundi de Pâques'], ['2027-05-01', 'Fête du travail'], ['2027-05-08', 'Fête de la Victoire 1945'],
  ['2027-05-06', 'Ascension'], ['2027-05-17', 'Lundi de Pentecôte'], ['2027-07-14', 'Fête Nationale de la France'], ['2027-08-15', 'Assomption'],
  ['2027-11-01', 'Toussaint'], ['2027-11-11', 'Armistice 1918'], ['2027-12-25', 'Noël']
]
const ALSACE_MOSELLE = ['2026-04-03', '2026-12-26', '2027-03-26', '2027-12-26'] // Vendredi saint, 26 décembre

describe('opening hours on French public holidays', () => {
  it.each(NATIONAL)('closes on %s (%s) with PH off, and opens the day before', (day, name) => {
    expect(holidayOn(day, 'fr')?.name.fr).toBe(name)
    expect(slots(schedule(EVERY_DAY), day)).toEqual([])
    const before = new Date(`${day}T12:00:00Z`)
    before.setUTCDate(before.getUTCDate() - 1)
    const dayBefore = before.toISOString().slice(0, 10)
    if (holidayOn(dayBefore, 'fr') === null) expect(slots(schedule(EVERY_DAY), dayBefore)).toEqual(['08:00-18:00'])
  })

  it('has exactly eleven national holidays a year', () => {
    expect([...publicHolidays(2026, 'fr').keys()]).toEqual(NATIONAL.slice(0, 11).map(([d]) => d))
    expect(publicHolidays(2027, 'fr').size).toBe(11)
  })

  it('names the holiday in English too', () => {
    expect(holidayOn('2026-05-25', 'fr')?.name.en).toBe('Whit Monday')
    expect(holidayOn('2027-03-29', 'fr')?.name.en).toBe('Easter Monday')
    expect(holidayOn('2026-12-24', 'fr')).toBeNull()
  })

  it.each(ALSACE_MOSELLE)('closes on %s only with the Alsace-Moselle calendar', day => {
    expect(slots(schedule(EVERY_DAY, [], 'fr-alsace-moselle'), day)).toEqual([])
    expect(slots(schedule(EVERY_DAY), day)).toEqual(['08:00-18:00'])
    expect(holidayOn(day, 'fr')).toBeNull()
    expect(holidayOn(day, 'fr-alsace-moselle')?.name.fr).toMatch(/Vendredi saint|Lendemain de Noël/)
  })

  it('has the same two extra days in Moselle (57), Bas-Rhin (67) and Haut-Rhin (68)', () => {
    for (const year of [2026, 2027]) {
      const expected = [...publicHolidays(year, 'fr-alsace-moselle').keys()]
      for (const department of ['57', '67', '68']) {
        expect(new Holidays('FR', department).getHolidays(year).filter(h => h.type === 'public').map(h => h.date.slice(0, 10))).toEqual(expected)
      }
      expect(expected.length).toBe(13)
    }
  })

  it('closes on exactly the days date-holidays lists, 2026 to 2030, in both calendars', () => {
    for (const calendar of ['fr', 'fr-alsace-moselle'] as const) {
      const s = schedule(EVERY_DAY, [], calendar)
      for (let year = 2026; year <= 2030; year++) {
        const closed: string[] = []
        for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
          const day = d.toISOString().slice(0, 10)
          if (s.day(day).slots.length === 0) closed.push(day)
        }
        expect(closed).toEqual([...publicHolidays(year, calendar).keys()].sort())
      }
    }
  })

  it('keeps a place open on holidays when its hours say so', () => {
    expect(slots(schedule('Mo-Su 08:00-18:00; PH 10:00-12:00'), '2026-12-25')).toEqual(['10:00-12:00'])
    expect(slots(schedule('Mo-Su 08:00-18:00'), '2026-12-25')).toEqual(['08:00-18:00'])
  })
})

describe('dated exceptions', () => {
  const CHRISTMAS_EVE: PlaceException = { from: new Date('2026-12-24T12:00:00+01:00'), to: new Date('2026-12-24T18:00:00+01:00'), open: false, note: { fr: 'Fermeture la veille de Noël', en: 'Closed on Christmas Eve' } }
  const ELECTIONS: PlaceException = { from: new Date('2026-03-21T14:00:00+01:00'), to: new Date('2026-03-21T17:00:00+01:00'), open: true, note: { fr: 'Élections', en: 'Elections' } }
  const s = schedule(TOWN_HALL, [CHRISTMAS_EVE, ELECTIONS])

  it('closes on 24 December afternoon and says why', () => {
    expect(slots(s, '2026-12-24')).toEqual(['08:30-12:00'])
    expect(s.day('2026-12-24').exceptions.map(e => e.note?.fr)).toEqual(['Fermeture la veille de Noël'])
    expect(s.isOpenAt(new Date('2026-12-24T10:00:00+01:00'))).toBe(true)
    expect(s.isOpenAt(new Date('2026-12-24T14:00:00+01:00'))).toBe(false)
  })

  it('opens one Saturday afternoon for the elections', () => {
    expect(slots(s, '2026-03-21')).toEqual(['09:00-12:00', '14:00-17:00'])
    expect(slots(s, '2026-03-28')).toEqual(['09:00-12:00'])
    expect(s.isOpenAt(new Date('2026-03-21T15:00:00+01:00'))).toBe(true)
    expect(s.nextOpening(new Date('2026-03-21T12:30:00+01:00'))).toEqual(new Date('2026-03-21T14:00:00+01:00'))
  })

  it('finds the next opening across a closure and a holiday', () => {
    // Thursday 24 at 13:00: closed (exception), Friday 25 Noël, Saturday 26 opens at 9 h.
    expect(s.nextOpening(new Date('2026-12-24T13:00:00+01:00'))).toEqual(new Date('2026-12-26T09:00:00+01:00'))
    // In Alsace-Moselle the 26th is a holiday too: Monday 28 at 8 h 30.
    expect(schedule(TOWN_HALL, [CHRISTMAS_EVE], 'fr-alsace-moselle').nextOpening(new Date('2026-12-24T13:00:00+01:00'))).toEqual(new Date('2026-12-28T08:30:00+01:00'))
    expect(s.nextClosing(new Date('2026-12-24T09:00:00+01:00'))).toEqual(new Date('2026-12-24T12:00:00+01:00'))
    expect(s.nextClosing(new Date('2026-12-24T13:00:00+01:00'))).toBeNull()
  })

  it('gives the usual week, holidays and exceptions aside', () => {
    const usual = s.usualWeek('2026-12-21').map(day => day.map(slot => `${slot.from}-${slot.to}`).join(','))
    expect(usual).toEqual(['', '08:30-12:00,13:30-17:30', '08:30-12:00,13:30-17:30', '08:30-12:00,13:30-17:30', '08:30-12:00,13:30-17:30', '08:30-12:00,13:30-17:30', '09:00-12:00'])
    const week = s.week('2026-12-21')
    expect(week.map(d => d.slots.length)).toEqual([2, 2, 2, 1, 0, 1, 0])
    expect(week[4].holiday?.name.fr).toBe('Noël')
  })
})

describe('daylight saving time in Europe/Paris', () => {
  const s = schedule('Mo-Su 08:00-18:00')

  it('opens at 8 h on the clock the week of the spring change (last Sunday of March)', () => {
    expect(s.isOpenAt(new Date('2026-03-28T07:30:00Z'))).toBe(true) // 8 h 30 CET
    expect(s.isOpenAt(new Date('2026-03-28T06:30:00Z'))).toBe(false) // 7 h 30 CET
    expect(s.isOpenAt(new Date('2026-03-29T06:30:00Z'))).toBe(true) // 8 h 30 CEST
    expect(s.isOpenAt(new Date('2026-03-29T16:30:00Z'))).toBe(false) // 18 h 30 CEST
    expect(s.nextOpening(new Date('2026-03-28T19:00:00Z'))).toEqual(new Date('2026-03-29T06:00:00Z'))
    expect(s.nextClosing(new Date('2026-03-29T10:00:00Z'))).toEqual(new Date('2026-03-29T16:00:00Z'))
    expect(s.week('2026-03-23').map(d => slots(s, d.date).join())).toEqual(Array(7).fill('08:00-18:00'))
  })

  it('opens at 8 h on the clock the week of the autumn change (last Sunday of October)', () => {
    expect(s.nextOpening(new Date('2026-10-24T19:00:00Z'))).toEqual(new Date('2026-10-25T07:00:00Z'))
    expect(s.nextOpening(new Date('2027-10-30T19:00:00Z'))).toEqual(new Date('2027-10-31T07:00:00Z'))
    expect(s.isOpenAt(new Date('2026-10-24T06:30:00Z'))).toBe(true) // 8 h 30 CEST
    expect(s.isOpenAt(new Date('2026-10-25T06:30:00Z'))).toBe(false) // 7 h 30 CET
    expect(s.nextClosing(new Date('2026-10-25T12:00:00Z'))).toEqual(new Date('2026-10-25T17:00:00Z'))
    expect(s.week('2026-10-19').map(d => slots(s, d.date).join())).toEqual(Array(7).fill('08:00-18:00'))
  })

  it('keeps a night opening across the change', () => {
    const night = schedule('Sa 22:00-04:00')
    expect(night.isOpenAt(new Date('2026-03-29T01:30:00Z'))).toBe(true) // 3 h 30 CEST
    expect(night.nextClosing(new Date('2026-03-28T22:00:00Z'))).toEqual(new Date('2026-03-29T02:00:00Z')) // 4 h CEST
  })
})

describe('hours that cannot be read', () => {
  it('has no schedule for empty or invalid hours, and says what is wrong', () => {
    expect(createSchedule({ openingHours: '', exceptions: [] }, { timeZone: PARIS, holidays: 'fr' })).toBeNull()
    expect(createSchedule({ openingHours: 'sometimes, ask', exceptions: [] }, { timeZone: PARIS, holidays: 'fr' })).toBeNull()
    expect(openingHoursError('sometimes, ask')).toMatch(/\S/)
    expect(openingHoursError(TOWN_HALL)).toBeUndefined()
  })
})
