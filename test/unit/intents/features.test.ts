import { describe, expect, it } from 'vitest'
import { compileFeatureExtractor, DEFAULT_FEATURE_SETTINGS, extractFeatures } from '../../../intents/features.ts'
import { loadHoldoutExamples, loadTrainingExamples } from '../../../intents/training-data.ts'

// The classifier uses the compiled extractor per message and extractFeatures for training: they
// must give the same known features, in the same order, with the same weights to the last bit.
describe('compileFeatureExtractor', () => {
  const training = loadTrainingExamples()
  // A vocabulary from the French half only, so that English texts bring many unknown features.
  const vocabulary = new Map<string, number>()
  for (const example of training.filter(e => e.lang === 'fr')) {
    for (const name of extractFeatures(example.text, example.lang, ['x:ref']).keys()) if (!vocabulary.has(name)) vocabulary.set(name, vocabulary.size)
  }
  // Texts with no words at all get these two bigrams (natural pads a lone start and end symbol).
  for (const name of ['b:^_undefined', 'b:$_undefined']) if (!vocabulary.has(name)) vocabulary.set(name, vocabulary.size)
  const compiled = compileFeatureExtractor(vocabulary, training.slice(0, 200).map(e => e.text), DEFAULT_FEATURE_SETTINGS)

  const expected = (text: string, lang: 'fr' | 'en', extra: string[]): { indices: number[], values: number[] } => {
    const known = [...extractFeatures(text, lang, extra)].filter(([name]) => vocabulary.has(name))
    return { indices: known.map(([name]) => vocabulary.get(name) as number), values: known.map(([, value]) => value) }
  }

  it('matches extractFeatures on every training and held-out text, in both languages', () => {
    const texts = [...training, ...loadHoldoutExamples()].map(e => e.text)
    for (const text of texts) {
      for (const lang of ['fr', 'en'] as const) expect(compiled(text, lang, [])).toEqual(expected(text, lang, []))
    }
  })

  it('matches on edge cases: no words, numbers, repeated words and n-grams, flags', () => {
    for (const text of ['', '   ', '🙂', '12', 'rue rue rue lampadaire lampadaire', 'aaaa aaaa aaa', 'Bonjour, merci, cordialement', 'DEM-2026-00042 svp']) {
      expect(compiled(text, 'fr', ['x:ref'])).toEqual(expected(text, 'fr', ['x:ref']))
    }
  })
})
