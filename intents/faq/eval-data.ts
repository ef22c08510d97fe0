// The faq:eval data files: paraphrases (set, expected entry id, text) and unrelated questions (set, text).
// fresh-*.tsv are a second held-out set, written after the first eval lines had been looked at.
import { readFileSync } from 'node:fs'

export type EvalItem = { set: 'dev' | 'eval' | 'fresh', text: string, expected: string | null }

const rows = (file: string): string[][] => readFileSync(new URL(`./eval/${file}`, import.meta.url), 'utf8')
  .split('\n').filter(line => line.trim() !== '' && !line.startsWith('#')).map(line => line.split('\t'))

const paraphrases = (file: string): EvalItem[] => rows(file).map(([set, expected, text]) => ({ set: set as EvalItem['set'], expected, text }))
const unrelated = (file: string): EvalItem[] => rows(file).map(([set, text]) => ({ set: set as EvalItem['set'], expected: null, text }))

export const loadEvalItems = (): EvalItem[] => [
  ...paraphrases('paraphrases.tsv'), ...paraphrases('fresh-paraphrases.tsv'),
  ...unrelated('unrelated.tsv'), ...unrelated('fresh-unrelated.tsv')
]
