import { describe, expect, it } from 'vitest'
import { createAssistant } from '../../../../intents/assistant.ts'
import { createTownData } from '../town-data-fake.ts'
import { play } from './conversation.ts'

const assistant = createAssistant()
const data = createTownData()

describe('formal request dialogs', () => {
  it.each([
    ['je voudrais un acte de naissance', 'formal_request', 'civil_status'],
    ['inscrire mon fils à l\'école', 'formal_request', 'school_enrollment'],
    ['permis de construire pour un garage', 'formal_request', 'building_permit'],
    ['subvention pour notre association', 'formal_request', 'subsidy'],
    ['rendez-vous avec le maire', 'appointment', 'appointment'],
    ['j\'ai une idée pour le parc', 'idea', 'participation']
  ])('%j: explains, then opens a %s ticket in %s on request', async (text, kind, category) => {
    const results = await play(assistant, data, [text, 'oui', 'c\'est pour le mois prochain, merci de me recontacter'])
    expect(results[0].replies[0]).toMatch(/\?/)
    expect(results[0].actions).toEqual([])
    expect(results[1].replies[0]).toMatch(/Décrivez votre demande/)
    expect(results[2].actions).toEqual([expect.objectContaining({ type: 'open_ticket', kind, category })])
    expect(results[2].dialogState).toMatchObject({ dialog: 'recent_ticket' })
  })

  it('sends at once when the first message already describes the request', async () => {
    const email = 'Madame, Monsieur, je souhaiterais obtenir une copie intégrale de mon acte de naissance, je suis né le 3 mai 1980 dans votre commune. Cordialement'
    const results = await play(assistant, data, [email, 'oui'])
    expect(results[1].actions[0]).toMatchObject({ type: 'open_ticket', category: 'civil_status', description: email })
  })

  it('ends politely on "non" and cancels on "annuler"', async () => {
    const declined = await play(assistant, data, ['subvention association', 'non'])
    expect(declined[1]).toMatchObject({ actions: [], dialogState: null })
    const cancelled = await play(assistant, data, ['subvention association', 'oui', 'annuler'])
    expect(cancelled[2]).toMatchObject({ actions: [], dialogState: null })
  })

  it('lets the citizen move on to another question instead of answering', async () => {
    const results = await play(assistant, data, ['acte de mariage', 'horaires de la piscine'])
    expect(results[1].intent).toBe('opening_hours')
    expect(results[1].dialogState).toBeNull()
  })

  it('speaks English to English writers', async () => {
    const results = await play(assistant, data, ['I need a birth certificate', 'yes please, for my son born here in 2019'])
    expect(results[0].replies[0]).toMatch(/Shall I pass a request on/)
    expect(results[1].replies[0]).toBe('Thank you, I am passing your request on to the department.')
  })
})
