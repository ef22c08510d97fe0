// The faq:eval data files: paraphrases (set, expected entry id, text) and unrelated questions (set, text).
import { readFileSync } from 'node:fs'

export type EvalItem = { set: 'dev' | 'eval', text: string, expected: string | null }

const rows = (file: string): string[][] => readFileSync(new URL(`./eval/${file}`, import.meta.url), 'utf8')
  .split('\n').filter(line => line.trim() !== '' && !line.startsWith('#')).map(line => line.split('\t'))

export const loadEvalItems = (): EvalItem[] => [
  ...rows('paraphrases.tsv').map(([set, expected, text]) => ({ set: set as EvalItem['set'], expected, text })),
  ...rows('unrelated.tsv').map(([set, text]) => ({ set: set as EvalItem['set'], expected: null, text }))
]
