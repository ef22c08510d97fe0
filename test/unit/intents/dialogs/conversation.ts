// Plays a conversation through the Answerer as the core would: state through JSON, misunderstandings counted.
import type { Turn, TurnResult } from '../../../../src/answerer.ts'
import type { Answerer, TownData } from '../../../../src/answerer.ts'
import { makeTurn, plain, throughStorage } from '../town-data-fake.ts'

export type Step = string | (Partial<Turn> & { text: string })

export const play = async (assistant: Answerer, data: TownData, steps: Step[], base: Partial<Turn> = {}): Promise<TurnResult[]> => {
  const results: TurnResult[] = []
  let state: unknown = null
  let lang: Turn['lang']
  let misunderstandings = 0
  for (const step of steps) {
    const overrides = typeof step === 'string' ? { text: step } : step
    const turn = makeTurn(overrides.text, { dialogState: throughStorage(state), lang, misunderstandings, ...base, ...overrides })
    const result = await assistant.answer(turn, data)
    results.push(plain(result))
    state = result.dialogState
    lang = result.lang
    misunderstandings = result.misunderstood ? misunderstandings + 1 : 0
  }
  return results
}
