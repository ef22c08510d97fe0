// Time the intent layer takes per message: createAssistant().answer on a few thousand texts (the
// held-out examples, repeated), with the in-memory town data of the intents' unit tests.
import { createAssistant } from '../../intents/assistant.ts'
import { loadHoldoutExamples } from '../../intents/training-data.ts'
import { createTownData, makeTurn } from '../unit/intents/town-data-fake.ts'
import { percentile } from './load-client.ts'

export async function benchClassify (count = 3000): Promise<string[]> {
  const trainStart = performance.now()
  const assistant = createAssistant()
  const trainMs = performance.now() - trainStart
  const data = createTownData()
  const texts = loadHoldoutExamples().map(e => e.text)
  for (const text of texts) await assistant.answer(makeTurn(text), data) // warm-up
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const turn = makeTurn(texts[i % texts.length])
    const t0 = performance.now()
    await assistant.answer(turn, data)
    times.push(performance.now() - t0)
  }
  return [
    'intent layer (createAssistant().answer, in-memory town data)',
    `  training once per process: ${trainMs.toFixed(0)} ms`,
    `  per message over ${count} texts: median ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`,
  ]
}
