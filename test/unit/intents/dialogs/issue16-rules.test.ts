// Issue 16 rules that need a clock or a fine look at the text: when a person will answer, and typography.
import { describe, expect, it } from 'vitest'
import { createAssistant } from '../../../../intents/assistant.ts'
import { polish } from '../../../../intents/dialogs/typography.ts'
import { createTownData, makeTurn } from '../town-data-fake.ts'
import { play } from './conversation.ts'

const assistant = createAssistant()
const data = createTownData()

describe('waiting for a person (issue 16)', () => {
  it('says on a Sunday that an agent answers on Monday from the town hall\'s opening time', async () => {
    // Sunday 8 March 2026, 15:00 in Paris; the fake town hall opens Monday at 08:30 (« demain lundi »).
    const [handoff] = await play(assistant, data, ['je voudrais parler à quelqu\'un'], { now: new Date('2026-03-08T14:00:00Z') })
    expect(handoff.replies[0]).toContain('Un agent vous répondra demain lundi à partir de 8 h 30.')
    expect(handoff.actions).toEqual([{ type: 'hand_to_agent', reason: 'asked_for_agent' }])
  })

  it('says "demain" on a Friday evening before a Saturday opening, and the closing time when open', async () => {
    const [evening] = await play(assistant, data, ['un humain svp'], { now: new Date('2026-03-13T19:00:00Z') })
    expect(evening.replies[0]).toContain('demain samedi à partir de 9 h')
    const [open] = await play(assistant, data, ['un humain svp'], { now: new Date('2026-03-10T09:00:00Z') })
    expect(open.replies[0]).toContain('la mairie est ouverte jusqu\'à 12 h')
  })

  it('counts dated closures and public holidays: closed on Christmas Eve afternoon, Christmas Day off', async () => {
    // Thursday 24 December 2026, 14:00 in Paris: closed by an exception; the 25th is a public holiday.
    const [handoff] = await play(assistant, data, ['un agent svp'], { now: new Date('2026-12-24T13:00:00Z') })
    expect(handoff.replies[0]).toContain('Un agent vous répondra samedi à partir de 9 h.')
  })

  it('speaks of the hours of the conversation\'s service when it has its own, else of the town hall\'s (issue 18)', async () => {
    const withServices = { ...data, services: async () => [
      { code: 'etat_civil', name: 'État civil', nameEn: 'Civil registry', openingHours: 'Mo-Fr 14:00-17:00; PH off' },
      { code: 'voirie', name: 'Service voirie', nameEn: 'Roads department', openingHours: '' },
    ] }
    // Tuesday 10 March 2026, 10:00 in Paris: the town hall is open, the civil registry only from 14:00.
    const now = new Date('2026-03-10T09:00:00Z')
    const [registry] = await play(assistant, withServices, ['un humain svp'], { now, serviceCode: 'etat_civil' })
    expect(registry.replies[0]).toContain('Un agent vous répondra aujourd\'hui à partir de 14 h.')
    const [later] = await play(assistant, withServices, ['un humain svp'], { now: new Date('2026-03-10T14:00:00Z'), serviceCode: 'etat_civil' })
    expect(later.replies[0]).toContain('le service État civil répond jusqu\'à 17 h')
    const [english] = await play(assistant, withServices, ['I want to talk to a person'], { now: new Date('2026-03-10T14:00:00Z'), serviceCode: 'etat_civil', lang: 'en' })
    expect(english.replies[0]).toContain('Civil registry answers until 17:00')
    // A service without hours of its own, no service: the town hall's.
    for (const serviceCode of ['voirie', null]) {
      const [hall] = await play(assistant, withServices, ['un humain svp'], { now, serviceCode })
      expect(hall.replies[0]).toContain('la mairie est ouverte jusqu\'à 12 h')
    }
  })

  it('answers information while waiting, without opening anything, and forwards the rest', async () => {
    const waiting = { waitingForAgent: true, now: new Date('2026-03-08T14:00:00Z') }
    const info = await assistant.answer(makeTurn('horaires de la piscine', waiting), data)
    expect(info.replies.join(' ')).toMatch(/Piscine des Iris.*Un agent va aussi revenir vers vous\s?: il vous répondra demain lundi à partir de 8\s?h\s?30/s)
    const report = await assistant.answer(makeTurn('un lampadaire est cassé rue Jean Jaurès', waiting), data)
    expect(report.actions).toEqual([])
    expect(report.replies[0]).toMatch(/transmis/)
    const back = await assistant.answer(makeTurn('revenir à l\'assistant', waiting), data)
    expect(back.actions).toEqual([{ type: 'back_to_assistant' }])
  })
})

describe('French typography (issue 16)', () => {
  it('puts non-breaking spaces before « : ; ? ! » and inside « », writes times « 8 h 30 », and never doubles a full stop', () => {
    expect(polish('Horaires : 08:30-12:00 ; 14:00-17:30. Ouvert ? Oui !', 'fr')).toBe('Horaires\u00a0: 8\u00a0h\u00a030-12\u00a0h\u202f; 14\u00a0h-17\u00a0h\u00a030. Ouvert\u202f? Oui\u202f!')
    expect(polish('Écrivez « agent ».', 'fr')).toBe('Écrivez «\u00a0agent\u00a0».')
    expect(polish('mise à jour le 6 déc..', 'fr')).toBe('mise à jour le 6 déc.')
    expect(polish('Voir https://ville.example:8080/a?b=1 ou 10:15', 'fr')).toBe('Voir https://ville.example:8080/a?b=1 ou 10\u00a0h\u00a015')
    expect(polish('Open 08:30-12:00. Done..', 'en')).toBe('Open 08:30-12:00. Done.')
  })

  it('says « (oui / non) » and cancelling in words at the read-back', async () => {
    const [recap] = await play(assistant, data, ['nid de poule rue Jean Jaurès'])
    expect(recap.replies[0]).toMatch(/Je transmets \? \(oui \/ non\) Pour abandonner, écrivez « annuler »\.$/)
  })
})
