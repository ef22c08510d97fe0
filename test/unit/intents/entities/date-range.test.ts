import { describe, expect, it } from 'vitest'
import { extractDate, extractDateRange } from '../../../../intents/entities/date.ts'
import { SCHOOL_HOLIDAYS } from '../town-data-fake.ts'

const TUESDAY = new Date('2026-03-10T10:00:00Z') // Tuesday 10 March 2026, Paris
const range = (text: string, now = TUESDAY) => extractDateRange(text, now, { timeZone: 'Europe/Paris', schoolHolidays: SCHOOL_HOLIDAYS, schoolZone: 'B' })

describe('date phrases citizens use (fr and en)', () => {
  it.each([
    ['aujourd\'hui', '2026-03-10', '2026-03-10'], ['today', '2026-03-10', '2026-03-10'],
    ['demain', '2026-03-11', '2026-03-11'], ['tomorrow', '2026-03-11', '2026-03-11'],
    ['après-demain', '2026-03-12', '2026-03-12'], ['the day after tomorrow', '2026-03-12', '2026-03-12'],
    ['il y a quoi ce week-end ?', '2026-03-14', '2026-03-15'], ['what\'s on this weekend?', '2026-03-14', '2026-03-15'],
    ['la semaine prochaine', '2026-03-16', '2026-03-22'], ['next week', '2026-03-16', '2026-03-22'],
    ['cette semaine', '2026-03-10', '2026-03-15'],
    ['lundi prochain', '2026-03-16', '2026-03-16'], ['next Monday', '2026-03-16', '2026-03-16'], ['mardi prochain', '2026-03-17', '2026-03-17'],
    ['le 25 décembre', '2026-12-25', '2026-12-25'], ['25 December', '2026-12-25', '2026-12-25'], ['Dec 25', '2026-12-25', '2026-12-25'],
    ['à Noël', '2026-12-25', '2026-12-25'], ['at Christmas', '2026-12-25', '2026-12-25'],
    ['le jour de l\'an', '2027-01-01', '2027-01-01'], ['New Year\'s Day', '2027-01-01', '2027-01-01'],
    ['le 14 juillet', '2026-07-14', '2026-07-14'], ['14 July', '2026-07-14', '2026-07-14'], ['le lundi de Pâques', '2026-04-06', '2026-04-06'], ['Whit Monday', '2026-05-25', '2026-05-25'],
    ['le 25/12', '2026-12-25', '2026-12-25']
  ])('%j → %s to %s', (text, from, to) => {
    expect(range(text)).toMatchObject({ from, to })
  })

  it('reads the part of the day', () => {
    expect(range('ce matin')).toEqual({ from: '2026-03-10', to: '2026-03-10', partOfDay: 'morning' })
    expect(range('ce soir')).toEqual({ from: '2026-03-10', to: '2026-03-10', partOfDay: 'evening' })
    expect(range('maintenant')).toEqual({ from: '2026-03-10', to: '2026-03-10', partOfDay: 'now' })
    expect(range('are you open now?')).toEqual({ from: '2026-03-10', to: '2026-03-10', partOfDay: 'now' })
    expect(range('demain matin')).toEqual({ from: '2026-03-11', to: '2026-03-11', partOfDay: 'morning' })
    expect(range('samedi après-midi')).toEqual({ from: '2026-03-14', to: '2026-03-14', partOfDay: 'afternoon' })
    expect(range('this Saturday afternoon')).toEqual({ from: '2026-03-14', to: '2026-03-14', partOfDay: 'afternoon' })
    expect(range('this morning')).toEqual({ from: '2026-03-10', to: '2026-03-10', partOfDay: 'morning' })
    expect(range('tonight')).toEqual({ from: '2026-03-10', to: '2026-03-10', partOfDay: 'evening' })
    expect(range('cet après-midi')).toEqual({ from: '2026-03-10', to: '2026-03-10', partOfDay: 'afternoon' })
  })

  it('tells a weekday in general (« le samedi ») from the next one (« samedi »)', () => {
    expect(range('vous êtes ouverts le samedi après-midi ?')).toEqual({ from: '2026-03-14', to: '2026-03-14', partOfDay: 'afternoon', everyWeekday: 6 })
    expect(range('are you open on Saturday afternoons?')).toMatchObject({ everyWeekday: 6, partOfDay: 'afternoon' })
    expect(range('la mairie est ouverte samedi ?')).toEqual({ from: '2026-03-14', to: '2026-03-14' })
    expect(range('le samedi 21 mars')).toEqual({ from: '2026-03-21', to: '2026-03-21' })
  })

  it('takes next year\'s date once this year\'s has passed', () => {
    expect(range('le 25 décembre', new Date('2026-12-26T10:00:00Z'))).toMatchObject({ from: '2027-12-25' })
    expect(range('à Noël', new Date('2026-12-25T10:00:00Z'))).toMatchObject({ from: '2026-12-25' })
    expect(range('le 14 juillet', new Date('2026-07-15T10:00:00Z'))).toMatchObject({ from: '2027-07-14' })
  })

  it('gives this weekend on Saturday and Sunday, the following one when asked', () => {
    expect(range('ce week-end', new Date('2026-03-14T10:00:00Z'))).toMatchObject({ from: '2026-03-14', to: '2026-03-15' })
    expect(range('ce week-end', new Date('2026-03-15T10:00:00Z'))).toMatchObject({ from: '2026-03-15', to: '2026-03-15' })
    expect(range('le week-end prochain', new Date('2026-03-15T10:00:00Z'))).toMatchObject({ from: '2026-03-21', to: '2026-03-22' })
    expect(range('lundi prochain', new Date('2026-03-16T10:00:00Z'))).toMatchObject({ from: '2026-03-23' })
  })

  it('finds the school holidays of the town\'s zone', () => {
    expect(range('pendant les vacances de la Toussaint')).toEqual({ from: '2026-10-17', to: '2026-11-01', period: { kind: 'school_holidays', name: 'Vacances de la Toussaint' } })
    expect(range('pendant les vacances de printemps')).toMatchObject({ from: '2026-04-11', to: '2026-04-26' })
    expect(extractDateRange('vacances de printemps', TUESDAY, { schoolHolidays: SCHOOL_HOLIDAYS, schoolZone: 'C' })).toMatchObject({ from: '2026-04-18' })
    expect(range('during the Christmas holidays')).toMatchObject({ from: '2026-12-19', to: '2027-01-03' })
    expect(range('vacances de Noël')).toMatchObject({ period: { name: 'Vacances de Noël' } })
    expect(range('pendant les vacances d\'été')).toBeNull() // not in the town's data
  })

  it('names nothing when the text names no day', () => {
    expect(range('horaires de la mairie')).toBeNull()
    expect(range('le 31/02')).toBeNull()
  })

  it('keeps the single-date entity working for the new phrases', () => {
    expect(extractDate('ce week-end', TUESDAY)).toBe('2026-03-14')
    expect(extractDate('lundi prochain', new Date('2026-03-16T10:00:00Z'))).toBe('2026-03-23')
    expect(extractDate('je veux un agent maintenant', TUESDAY)).toBeNull()
  })
})

// « demain » asked just before and just after the town's midnight, in turn: the town's date is kept
// per quarter hour, and must change exactly at midnight on the town's clock (winter, summer, and
// the night of the clock change), whatever was asked the second before.
describe('the town\'s date around its midnight', () => {
  it.each([
    ['winter', '2026-12-09T22:59:59.999Z', '2026-12-10', '2026-12-09T23:00:00Z', '2026-12-11'],
    ['summer', '2026-07-14T21:59:59.999Z', '2026-07-15', '2026-07-14T22:00:00Z', '2026-07-16'],
    ['clock change night', '2026-10-24T21:59:59Z', '2026-10-25', '2026-10-24T22:00:00Z', '2026-10-26']
  ])('%s', (_, before, tomorrowBefore, after, tomorrowAfter) => {
    for (const zone of ['Europe/Paris', 'America/Cayenne']) extractDate('demain', new Date(before), zone) // another zone in between
    expect(extractDate('demain', new Date(before), 'Europe/Paris')).toBe(tomorrowBefore)
    expect(extractDate('demain', new Date(after), 'Europe/Paris')).toBe(tomorrowAfter)
    expect(extractDate('demain', new Date(before), 'Europe/Paris')).toBe(tomorrowBefore)
    expect(extractDateRange('demain', new Date(after), { timeZone: 'Europe/Paris' })).toEqual({ from: tomorrowAfter, to: tomorrowAfter })
  })
})
