// The town's FAQ entries in a whole turn of the assistant, on the demo town's file: which of the entry, a
// national fiche or the intent answers (intents/faq/lookup.ts and decide.ts together).
import { describe, expect, it } from 'vitest'
import type { Turn } from '../../../../src/answerer.ts'
import { createAssistant } from '../../../../intents/assistant.ts'
import { loadFaqFile } from '../../../../src/town/faq-file.ts'
import { createTownData, makeTurn } from '../town-data-fake.ts'

const assistant = createAssistant()
const entries = loadFaqFile()
const data = { ...createTownData(), faqEntries: async () => entries }
const answer = async (text: string, overrides: Partial<Turn> = {}) => {
  const result = await assistant.answer(makeTurn(text, overrides), data)
  return result.intent === 'faq' ? `faq:${String(result.entities.faq)}` : result.intent
}

describe('the town FAQ in a turn', () => {
  it('answers an English question with the town entry rather than a French fiche sharing letters with it', async () => {
    expect(await answer('price to go swimming')).toBe('faq:piscine-tarifs')
  })

  it('reads « par mail » as email: a wish for the town news by email stays a subscription, not La Poste', async () => {
    expect(await answer('inscrivez-moi aux infos de la commune par mail')).toBe('alerts_subscription')
  })

  it('answers a question naming a place in words with its entry, but a shared position or a photo keeps the report', async () => {
    expect(await answer('des rats près des poubelles, qui peut intervenir ?')).toBe('faq:nuisibles')
    expect(await answer('des rats près des poubelles, qui peut intervenir ?', { location: { latitude: 48.85, longitude: 2.35 } })).not.toMatch(/^faq:/)
  })
})
