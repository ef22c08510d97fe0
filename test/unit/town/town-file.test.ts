// The town file on its own: the demo town is valid, problems name their line and field, the old
// JSON week becomes opening_hours, recurring events keep their town time across daylight saving.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEMO_TOWN_FILE, readTownFile } from '../../../src/town/demo-town.ts'
import { formatIssue, readTownText, TownFileInvalid } from '../../../src/town/town-file.ts'
import { weekOf, weekToOsm } from '../../../src/town/osm-hours.ts'
import { occurrences } from '../../../src/town/recurrence.ts'
import { formatLocal, parseLocal } from '../../../src/town/local-time.ts'

const problems = (text: string) => {
  try {
    readTownText(text)
  } catch (error) {
    if (error instanceof TownFileInvalid) return error.issues.map(formatIssue)
    throw error
  }
  return []
}

describe('town file', () => {
  it('reads the demo town: the seven place codes, formal requests private, FAQ included from its own file', () => {
    const town = readTownFile(DEMO_TOWN_FILE)
    expect(town.places.map(p => p.code)).toEqual(['mairie', 'piscine', 'mediatheque', 'decheterie', 'cimetiere', 'gymnase', 'police'])
    expect(town.categories.filter(c => c.visibility === 'private').map(c => c.code)).toEqual(['civil_status', 'school_enrollment', 'building_permit', 'subsidy', 'appointment'])
    expect(town.faq.length).toBeGreaterThan(0)
    expect(town.settings.schoolZone).toBe('B')
    // Services' own working hours (issue 18): the demo's voirie and état civil; the others keep the mairie's.
    expect(town.services.filter(s => s.openingHours).map(s => s.code)).toEqual(['voirie', 'etat_civil'])
    expect(town.settings.satisfactionSurvey).toBeUndefined()
  })

  it('checks a service\'s working hours and the satisfaction setting like the rest', () => {
    const text = [
      'settings: { satisfactionSurvey: "oui" }', //                                          1
      'services:', //                                                                        2
      '  - { code: accueil, name: { fr: Accueil }, openingHours: "Lu-Ve 9h-12h" }', //        3
      '  - { code: voirie, name: { fr: Voirie }, openingHours: "Mo-Fr 08:00-12:00; PH off" }', // 4
    ].join('\n')
    expect(problems(text)).toEqual([
      'line 1, settings.satisfactionSurvey: must be true or false',
      'line 3, services[0].openingHours: is not valid opening_hours syntax: Lu <--- (Please use the English abbreviation "Mo" for "lu".) (did you mean "Mo-Fr 09:00-12:00"?)',
    ])
    const town = readTownText(text.replace('"oui"', 'true').replace('Lu-Ve 9h-12h', ''))
    expect(town.settings.satisfactionSurvey).toBe(true)
    expect(town.services.map(s => s.openingHours)).toEqual([undefined, 'Mo-Fr 08:00-12:00; PH off'])
  })

  it('names the line and the field of every problem', () => {
    const text = [
      'version: 1', //                                      1
      'services:', //                                       2
      '  - { code: accueil, name: { fr: Accueil } }', //    3
      'places:', //                                         4
      '  - code: mairie', //                                5
      '    kind: town_hall', //                             6
      '    name: { fr: Mairie }', //                        7
      '    address: 1 place de la Mairie', //               8
      '    openingHours: "Lu-Ve 9h-12h"', //                9
      '    exceptions:', //                                 10
      '      - { from: 24/12/2026 }', //                    11
      'categories:', //                                     12
      '  - { code: roads, kind: report, name: { fr: Voirie }, service: voirie, visiblity: public }', // 13
    ].join('\n')
    expect(problems(text)).toEqual([
      'line 13, categories[0].visiblity: unknown field (expected one of: code, kind, name, description, service, keywords, visibility, implicitDecisionDays)',
      'line 13, categories[0].service: no service has the code "voirie"',
      'line 9, places[0].openingHours: is not valid opening_hours syntax: Lu <--- (Please use the English abbreviation "Mo" for "lu".) (did you mean "Mo-Fr 09:00-12:00"?)',
      'line 11, places[0].exceptions[0].from: must be a date YYYY-MM-DD or YYYY-MM-DDTHH:MM (got "24/12/2026")',
    ])
    expect(problems('places:\n  - code: x\n  bad: [')[0]).toMatch(/^line 3, /)
    expect(problems('version: 1\nfaq:\n  - id: a\n    questions: { fr: [Q ?] }\n    answer: { fr: R }\n  - id: a\n    questions: { fr: [Q ?] }\n    answer: { fr: R }\n')).toEqual(['line 6, faq[1].id: duplicate FAQ id "a"'])
  })

  it('turns the old JSON week into opening_hours and back', () => {
    const week = { mon: [['08:30', '12:00'], ['13:30', '17:30']], tue: [['08:30', '12:00'], ['13:30', '17:30']], fri: [['08:30', '12:00']], sat: [['09:00', '12:00']] } as Record<string, [string, string][]>
    expect(weekToOsm(week)).toBe('Mo,Tu 08:30-12:00,13:30-17:30; Fr 08:30-12:00; Sa 09:00-12:00')
    expect(weekOf(weekToOsm(week))).toEqual(week)
  })

  it('keeps a weekly event at 8:00 town time across the spring and autumn clock changes', () => {
    const start = parseLocal('2027-03-20T08:00', 'Europe/Paris')!
    const spring = occurrences(start, 'FREQ=WEEKLY;BYDAY=SA', 'Europe/Paris', new Date('2027-03-01'), new Date('2027-04-01'))
    expect(spring.map(d => d.toISOString())).toEqual(['2027-03-20T07:00:00.000Z', '2027-03-27T07:00:00.000Z'])
    const autumn = occurrences(start, 'FREQ=WEEKLY;BYDAY=SA', 'Europe/Paris', new Date('2027-10-20'), new Date('2027-11-07'))
    expect(autumn.map(d => formatLocal(d, 'Europe/Paris'))).toEqual(['2027-10-23T08:00', '2027-10-30T08:00', '2027-11-06T08:00'])
    expect(autumn.map(d => d.getUTCHours())).toEqual([6, 6, 7]) // the clocks go back on Sunday 31 October
  })

  it('documents the shape it reads (docs/town-file.md holds a complete valid example)', () => {
    const doc = fs.readFileSync(new URL('../../../docs/town-file.md', import.meta.url), 'utf8')
    const example = /```yaml\n(# EXAMPLE[\s\S]*?)```/.exec(doc)?.[1]
    expect(example).toBeDefined()
    expect(problems(example!)).toEqual([])
  })
})
