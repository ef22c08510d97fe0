import { describe, expect, it } from 'vitest'
import { workingHoursOf, workingSecondsBetween, workResumesAt } from '../../../intents/time/working-hours.ts'
import type { TownPlace, TownService } from '../../../src/answerer.ts'
import { cleanName, nameOfSender } from '../../../src/core/citizen-name.ts'
import { percentile } from '../../../src/inbox/dashboard/figures.ts'
import { configureMetrics, refreshWorkingHours, workingSecondsFor } from '../../../src/metrics/metric-events.ts'
import { loadWorkClocks } from '../../../src/inbox/work-clocks.ts'
import type { TownDataStore } from '../../../src/town/town-data.ts'
import { outOfHoursNotice } from '../../../src/core/out-of-hours.ts'

const HOURS = 'Mo-Fr 08:30-12:00,13:30-17:30; PH off'
const PARIS = { timeZone: 'Europe/Paris', holidays: 'fr' }
const place = (code: string, openingHours: string, exceptions: TownPlace['exceptions'] = []): TownPlace =>
  ({ code, kind: code === 'mairie' ? 'town_hall' : 'other', name: code, nameEn: code, aliases: [], address: '', phone: null, openingHours, exceptions, notes: null })
const service = (code: string, openingHours = ''): TownService => ({ code, name: code, nameEn: code, openingHours })
const town = {
  places: [place('mairie', HOURS, [{ from: new Date('2026-12-08T07:30:00Z'), to: new Date('2026-12-09T07:30:00Z'), open: false, note: null }]), place('piscine', 'Mo-Su 10:00-20:00')],
  services: [service('accueil'), service('etat_civil', 'Mo-Fr 09:00-12:00; Sa 09:00-12:00; PH off'), service('broken', 'not hours ;;')],
}
const seconds = (serviceCode: string | null, from: string, to: string) =>
  workingSecondsBetween(workingHoursOf(serviceCode, town, PARIS), new Date(from), new Date(to))

describe('the waiting clock counts the queue\'s working hours only', () => {
  it('counts half an hour on Friday evening and half an hour on Monday morning, not the weekend', () => {
    expect(seconds(null, '2026-12-04T16:00:00Z', '2026-12-07T08:00:00Z')).toBe(3600)
  })
  it('counts nothing on Christmas day nor on a day the town hall is closed, and every hour when no hours are known', () => {
    expect(seconds(null, '2026-12-25T08:00:00Z', '2026-12-25T15:00:00Z')).toBe(0)
    expect(seconds('accueil', '2026-12-08T08:00:00Z', '2026-12-08T15:00:00Z')).toBe(0)
    expect(workingSecondsBetween(workingHoursOf(null, { places: [], services: [] }, PARIS), new Date('2026-12-25T08:00:00Z'), new Date('2026-12-25T09:00:00Z'))).toBe(3600)
  })
  it('uses a service\'s own hours: Saturday morning counts for the civil registry, not for the town hall', () => {
    expect(seconds('etat_civil', '2026-12-05T08:00:00Z', '2026-12-05T12:00:00Z')).toBe(3 * 3600)
    expect(seconds(null, '2026-12-05T08:00:00Z', '2026-12-05T12:00:00Z')).toBe(0)
    // Its afternoon is closed though the town hall is open.
    expect(seconds('etat_civil', '2026-12-07T13:00:00Z', '2026-12-07T15:00:00Z')).toBe(0)
  })
  it('falls back on the town hall for a service without hours, an unknown service, or unreadable hours', () => {
    for (const code of ['accueil', 'nope', 'broken']) expect(workingHoursOf(code, town, PARIS)?.ownHours).toBe(false)
    expect(workingHoursOf('etat_civil', town, PARIS)?.service?.code).toBe('etat_civil')
  })
  it('says when people are back: Monday 08:30 in Paris after a Saturday message, Saturday 9:00 for the civil registry', () => {
    expect(workResumesAt(workingHoursOf(null, town, PARIS), new Date('2026-12-05T10:00:00Z'))).toEqual(new Date('2026-12-07T07:30:00Z'))
    expect(workResumesAt(workingHoursOf(null, town, PARIS), new Date('2026-12-07T09:00:00Z'))).toBe('open')
    expect(workResumesAt(workingHoursOf('etat_civil', town, PARIS), new Date('2026-12-04T17:00:00Z'))).toEqual(new Date('2026-12-05T08:00:00Z'))
  })
})

describe('the same hours for the core and the inbox (through src/metrics)', () => {
  it('tells a citizen handed over on Saturday afternoon when their service or the town hall reopens', async () => {
    const store = { places: async () => town.places, services: async () => town.services, settings: { holidays: 'fr' } } as unknown as TownDataStore
    configureMetrics({ timeZone: 'Europe/Paris', loadWorkClocks: () => loadWorkClocks(store, 'Europe/Paris') })
    await refreshWorkingHours()
    const saturdayMorning = new Date('2026-12-05T09:00:00Z')
    const saturdayAfternoon = new Date('2026-12-05T13:00:00Z')
    // The civil registry works on Saturday mornings: nothing to say then.
    expect(outOfHoursNotice('fr', saturdayMorning, 'etat_civil')).toBeUndefined()
    expect(outOfHoursNotice('fr', saturdayAfternoon, 'etat_civil')).toBe('Le service qui traite votre demande est fermé en ce moment : une personne vous répondra dès sa réouverture (lundi 7 décembre à 09:00).')
    expect(outOfHoursNotice('en', saturdayMorning, null)).toBe('The town hall is closed right now: a member of staff will answer when it reopens (Monday 7 December at 08:30).')
    expect(workingSecondsFor('etat_civil', saturdayMorning, saturdayAfternoon)).toBe(2 * 3600)
    expect(workingSecondsFor('accueil', saturdayMorning, saturdayAfternoon)).toBe(0)
    configureMetrics({ loadWorkClocks: async () => () => null })
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
