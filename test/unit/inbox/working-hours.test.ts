import { describe, expect, it } from 'vitest'
import { mairieOpeningHours, nextOpening, workingSecondsBetween } from '../../../src/inbox/working-hours.ts'
import { cleanName, nameOfSender } from '../../../src/core/citizen-name.ts'
import { percentile } from '../../../src/inbox/dashboard/figures.ts'

const HOURS = 'Mo-Fr 08:30-12:00,13:30-17:30; PH off'
const PARIS = 'Europe/Paris'

describe('the waiting clock counts working hours only', () => {
  it('counts half an hour on Friday evening and half an hour on Monday morning, not the weekend', () => {
    expect(workingSecondsBetween(HOURS, new Date('2026-12-04T16:00:00Z'), new Date('2026-12-07T08:00:00Z'), PARIS)).toBe(3600)
  })
  it('counts nothing on Christmas day, and every hour when the hours cannot be read', () => {
    expect(workingSecondsBetween(HOURS, new Date('2026-12-25T08:00:00Z'), new Date('2026-12-25T15:00:00Z'), PARIS)).toBe(0)
    expect(workingSecondsBetween('not hours ;;', new Date('2026-12-25T08:00:00Z'), new Date('2026-12-25T09:00:00Z'), PARIS)).toBe(3600)
  })
  it('says when people are back: Monday 08:30 in Paris after a Saturday message', () => {
    expect(nextOpening(HOURS, new Date('2026-12-05T10:00:00Z'), PARIS)).toEqual(new Date('2026-12-07T07:30:00Z'))
    expect(nextOpening(HOURS, new Date('2026-12-07T09:00:00Z'), PARIS)).toBe('open')
  })
  it('reads the town hall\'s openingHours, or its older JSON hours', () => {
    expect(mairieOpeningHours([{ code: 'mairie', openingHours: HOURS }])).toBe(HOURS)
    expect(mairieOpeningHours([{ code: 'mairie', hours: { mon: [['08:30', '12:00']], sat: [['09:00', '12:00']] } }])).toBe('Mo 08:30-12:00; Sa 09:00-12:00; PH off')
    expect(mairieOpeningHours([{ code: 'piscine', openingHours: HOURS }])).toBeNull()
  })
})

describe('citizens by name', () => {
  it('takes a name given in the conversation before the channel\'s, and cleans both', () => {
    expect(nameOfSender({ text: 'Bonjour, je m\'appelle Marie Curie.', meta: { profileName: 'mc' } })).toBe('Marie Curie')
    expect(nameOfSender({ text: 'My name is John Smith', meta: {} })).toBe('John Smith')
    expect(nameOfSender({ text: 'Bonjour', meta: { profileName: 'Paul\u202e Durand\u0007' } })).toBe('Paul Durand')
    expect(nameOfSender({ text: 'Bonjour', meta: { fromName: 'paul@example.org' } })).toBeUndefined()
    expect(cleanName('   ')).toBeUndefined()
  })
})

describe('percentiles of the dashboard', () => {
  it('gives the median and the 90th percentile by rank', () => {
    const values = Array.from({ length: 10 }, (_, i) => i + 1)
    expect(percentile(values, 50)).toBe(5)
    expect(percentile(values, 90)).toBe(9)
    expect(percentile([], 50)).toBeNull()
  })
})
