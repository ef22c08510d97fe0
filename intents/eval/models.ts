// The models nlu:eval compares, behind one signature: train on examples, return a predictor.
import { createRequire } from 'node:module'
import type { Lang } from '../../src/domain.ts'
import { trainClassifier, type ClassifierOptions } from '../classifier.ts'
import type { Example } from '../training-data.ts'

export type Predictor = (text: string, lang: Lang) => Promise<{ intent: string, confidence: number }>
export type Trainer = (examples: Example[]) => Promise<Predictor>

/** Ours, with the catalog language given (as in CONTRACT's `"lang"?`), keyword rules off the table. */
export const trainOurs = (options: ClassifierOptions = {}): Trainer => async examples => {
  const classifier = trainClassifier(examples, options)
  return async (text, lang) => {
    const best = classifier.rank(text, lang)[0]
    return { intent: best.intent, confidence: best.confidence }
  }
}

type NlpManagerLike = {
  addDocument (lang: string, text: string, intent: string): void
  train (): Promise<void>
  process (lang: string, text: string): Promise<{ intent: string, score: number }>
}

/** NLP.js (node-nlp) with its defaults for French and English; its "None" is our out_of_scope. */
export const trainNlpJs: Trainer = async examples => {
  const require = createRequire(import.meta.url)
  const { NlpManager } = require('node-nlp') as { NlpManager: new (settings: object) => NlpManagerLike }
  const manager = new NlpManager({ languages: ['fr', 'en'], autoSave: false, autoLoad: false, nlu: { log: false } })
  for (const example of examples) manager.addDocument(example.lang, example.text, example.intent)
  // NLP.js warns on stop-word-only utterances ("??") through console.warn/log; keep the report readable.
  await quietly(() => manager.train())
  return async (text, lang) => {
    const result = await manager.process(lang, text)
    return { intent: result.intent === 'None' ? 'out_of_scope' : result.intent, confidence: result.score }
  }
}

const quietly = async <T>(work: () => Promise<T>): Promise<T> => {
  const { log, warn } = console
  console.log = () => {}
  console.warn = () => {}
  try {
    return await work()
  } finally {
    console.log = log
    console.warn = warn
  }
}
