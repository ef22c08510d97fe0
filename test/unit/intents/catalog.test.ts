import { describe, expect, it } from 'vitest'
import { HANDLERS } from '../../../intents/assistant.ts'
import { INTENT_IDS } from '../../../intents/catalog.ts'
import { INTENT_LABELS } from '../../../intents/dialogs/clarify.ts'
import { loadHoldoutExamples, loadTrainingExamples } from '../../../intents/training-data.ts'

// intents-catalog.md: "Each needs training examples in both languages, an answer or a flow, and a test."
describe('intent catalog', () => {
  const examples = loadTrainingExamples()

  it.each(INTENT_IDS)('%s has French and English examples, a handler and a label', intent => {
    expect(examples.filter(e => e.intent === intent && e.lang === 'fr').length).toBeGreaterThanOrEqual(40)
    expect(examples.filter(e => e.intent === intent && e.lang === 'en').length).toBeGreaterThanOrEqual(25)
    expect(HANDLERS[intent]).toBeTypeOf('function')
    expect(INTENT_LABELS[intent]).toHaveLength(2)
  })

  it('has no duplicate training line within an intent and language', () => {
    const keys = examples.map(e => `${e.intent}|${e.lang}|${e.text.toLowerCase()}`)
    expect(keys.length - new Set(keys).size).toBe(0)
  })

  it('keeps the held-out set apart from the training data', () => {
    const training = new Set(examples.map(e => e.text.toLowerCase()))
    const holdout = loadHoldoutExamples()
    expect(holdout.length).toBeGreaterThanOrEqual(150)
    expect(holdout.filter(e => training.has(e.text.toLowerCase()))).toEqual([])
    for (const intent of INTENT_IDS) expect(holdout.some(e => e.intent === intent)).toBe(true)
  })
})

describe('fresh held-out set (issue 16)', () => {
  it('is never trained on: no new training line copies one of its messages', async () => {
    const { freshHoldout } = await import('../../../intents/training-data.ts')
    const { measured, inTraining } = freshHoldout()
    expect(inTraining).toBe(18)
    expect(measured.length).toBeGreaterThanOrEqual(200)
  })
})
