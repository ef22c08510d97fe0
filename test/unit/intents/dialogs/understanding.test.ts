import { describe, expect, it } from 'vitest'
import { createAssistant } from '../../../../intents/assistant.ts'
import type { IntentClassifier } from '../../../../intents/classifier.ts'
import { getDefaultClassifier } from '../../../../intents/classifier.ts'
import { createTownData, makeTurn, plain } from '../town-data-fake.ts'
import { play } from './conversation.ts'

const data = createTownData()

// A classifier that is unsure between identity documents and an appointment, to drive the clarification path.
const unsure = (): IntentClassifier => {
  const real = getDefaultClassifier()
  return {
    rank: real.rank,
    classify: (text, lang, context) => {
      const result = real.classify(text, lang, context)
      if (!text.includes('papiers')) return result
      const ranking = [{ intent: 'identity_documents' as const, confidence: 0.4 }, { intent: 'book_appointment' as const, confidence: 0.35 }, ...result.ranking.filter(r => r.intent !== 'identity_documents' && r.intent !== 'book_appointment')]
      return { ...result, intent: 'identity_documents', confidence: 0.4, ranking }
    }
  }
}

describe('clarification and hand-off', () => {
  const assistant = createAssistant({ classifier: unsure() })

  it.each([['1', 'identity_documents'], ['le premier', 'identity_documents'], ['the second', 'book_appointment'], ['oui, la carte d\'identité', 'identity_documents'], ['un rendez-vous', 'book_appointment']])(
    'asks between the two likeliest intents, then resolves %j', async (answer, intent) => {
      const results = await play(assistant, data, ['rdv papiers', answer])
      expect(results[0].replies[0]).toMatch(/1\) une carte d'identité ou un passeport, ou 2\) un rendez-vous/)
      expect(results[0].misunderstood).toBe(true)
      expect(results[1].intent).toBe(intent)
      expect(results[1].misunderstood).toBe(false)
    })

  it('offers a person after two misunderstandings in a row', async () => {
    const results = await play(assistant, data, ['rdv papiers', 'ni l\'un ni l\'autre'])
    expect(results[1].misunderstood).toBe(true)
    const third = plain(await assistant.answer(makeTurn('xkcdqw', { misunderstandings: 2 - 1 }), data))
    expect(third.actions).toEqual([{ type: 'hand_to_agent', reason: 'misunderstood' }])
    expect(third.misunderstood).toBe(true)
  })

  it('hands gibberish twice in a row to a person', async () => {
    const results = await play(createAssistant(), data, ['qsdkjqsd', 'wxcvbn'])
    expect(results[0].misunderstood).toBe(true)
    expect(results[0].actions).toEqual([])
    expect(results[1].actions).toEqual([{ type: 'hand_to_agent', reason: 'misunderstood' }])
  })

  it('resets the count once understood', async () => {
    const results = await play(createAssistant(), data, ['qsdkjqsd', 'horaires mairie', 'wxcvbn'])
    expect(results[1].misunderstood).toBe(false)
    expect(results[2].actions).toEqual([])
  })

  it('ignores a state it cannot read instead of failing', async () => {
    const result = plain(await createAssistant().answer(makeTurn('horaires mairie', { dialogState: { dialog: 'unknown', step: 3 } }), data))
    expect(result.intent).toBe('opening_hours')
  })
})
