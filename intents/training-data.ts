// Reads the training examples (intents/data/<lang>/<intent>.txt) and the held-out set.
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Lang } from '../src/domain.ts'
import { LANGS } from '../src/domain.ts'
import { INTENT_IDS, isIntentId, type IntentId } from './catalog.ts'
import { normalizeText } from './normalize.ts'

/**
 * faqTopic: a line marked `[faq] ` in the data file, a question a town usually answers with a fixed text
 * (« comment me débarrasser d'un vieux canapé ? », tarifs de la cantine). The classifier learns it like
 * any line (a town without such an FAQ entry gets the intent's answer), but the FAQ decision does not count
 * it as the intent's own ground against the town's entries (intents/faq/town-faq.ts, docs/faq.md).
 */
export type Example = { text: string, intent: IntentId, lang: Lang, faqTopic?: true }

export const FAQ_TOPIC_MARK = '[faq] '

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url))

/** Every training line, in catalog then language order; blank lines and "#" comments skipped, "[faq] " marks an FAQ topic (see Example). */
export const loadTrainingExamples = (dataDir = DATA_DIR): Example[] => {
  const examples: Example[] = []
  for (const intent of INTENT_IDS) {
    for (const lang of LANGS) {
      const file = `${dataDir}${lang}/${intent}.txt`
      if (!existsSync(file)) continue
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const text = line.trim()
        if (text === '' || text.startsWith('#')) continue
        if (text.startsWith(FAQ_TOPIC_MARK)) examples.push({ text: text.slice(FAQ_TOPIC_MARK.length).trim(), intent, lang, faqTopic: true })
        else examples.push({ text, intent, lang })
      }
    }
  }
  return examples
}

/** The held-out messages (intents/data/holdout.jsonl), never used for training. */
export const loadHoldoutExamples = (file = `${DATA_DIR}holdout.jsonl`): Example[] =>
  readFileSync(file, 'utf8').split('\n').filter(line => line.trim() !== '').map((line, i) => {
    const parsed = JSON.parse(line) as { text?: unknown, intent?: unknown, lang?: unknown }
    if (typeof parsed.text !== 'string' || !isIntentId(parsed.intent) || (parsed.lang !== 'fr' && parsed.lang !== 'en')) {
      throw new Error(`${file} line ${i + 1}: expected {"text","intent","lang"}`)
    }
    return { text: parsed.text, intent: parsed.intent, lang: parsed.lang }
  })

/**
 * The fresh held-out messages of issue 16 (intents/data/holdout-fresh.jsonl): written and committed
 * before any tuning, never trained on, and never printed one by one (nlu:eval shows only figures for them).
 */
export const loadFreshHoldoutExamples = (): Example[] => freshHoldout().measured

/**
 * The fresh set, split mechanically: a message whose normalised text is also a training line is not
 * held out, so it is left out of the measure (18 such lines when the set was written; a test keeps it so,
 * so that new training lines can never copy a held-out message unnoticed).
 */
export const freshHoldout = (): { measured: Example[], inTraining: number } => {
  const training = new Set(loadTrainingExamples().map(e => normalizeText(e.text)))
  const all = loadHoldoutExamples(`${DATA_DIR}holdout-fresh.jsonl`)
  const measured = all.filter(e => !training.has(normalizeText(e.text)))
  return { measured, inTraining: all.length - measured.length }
}
