import { describe, expect, it } from 'vitest'
import { INTENT_IDS } from '../../../intents/catalog.ts'
import { trainClassifier } from '../../../intents/classifier.ts'
import { crossValidate } from '../../../intents/eval/evaluate.ts'
import { buildReport } from '../../../intents/eval/metrics.ts'
import { trainOurs } from '../../../intents/eval/models.ts'
import { loadFreshHoldoutExamples, loadHoldoutExamples, loadTrainingExamples } from '../../../intents/training-data.ts'

// The figures reported for issue 3 (npm run nlu:eval: 5-fold CV with a fixed seed, 1,820 examples):
// CV accuracy 0.903, macro-F1 0.911; held-out accuracy 0.931, macro-F1 0.935. Training is
// deterministic, so falling below them means a data or feature change made understanding worse.
// Issue 16 added deliberately hard training lines (follow-ups that name a topic, other bodies'
// business worded like town business, frustration): cross-validation on them fell to 0.887 / 0.895
// while the fresh held-out set rose from 0.916 to 0.977; the floor follows the figures measured then.
const REPORTED_CV_ACCURACY = 0.87
const REPORTED_CV_MACRO_F1 = 0.88
// The goals on messages never seen in training.
const HELD_OUT_ACCURACY_GOAL = 0.92
const HELD_OUT_MACRO_F1_GOAL = 0.90

describe('understanding (regression)', () => {
  it(`keeps cross-validated accuracy >= ${REPORTED_CV_ACCURACY} and macro-F1 >= ${REPORTED_CV_MACRO_F1}`, async () => {
    const report = buildReport(await crossValidate(loadTrainingExamples(), trainOurs()), INTENT_IDS)
    expect(report.accuracy).toBeGreaterThanOrEqual(REPORTED_CV_ACCURACY)
    expect(report.macroF1).toBeGreaterThanOrEqual(REPORTED_CV_MACRO_F1)
  })

  it(`meets the held-out goals (accuracy >= ${HELD_OUT_ACCURACY_GOAL}, macro-F1 >= ${HELD_OUT_MACRO_F1_GOAL}) with the language detected`, () => {
    const classifier = trainClassifier(loadTrainingExamples())
    const predictions = loadHoldoutExamples().map(e => ({ text: e.text, gold: e.intent, predicted: classifier.classify(e.text).intent, confidence: 0 }))
    const report = buildReport(predictions, INTENT_IDS)
    expect(report.accuracy).toBeGreaterThanOrEqual(HELD_OUT_ACCURACY_GOAL)
    expect(report.macroF1).toBeGreaterThanOrEqual(HELD_OUT_MACRO_F1_GOAL)
  })

  // Issue 16's goals, on the fresh messages written apart before any tuning (figures only, never the sentences).
  it('meets issue 16 goals on the fresh held-out set: accuracy >= 0.95, macro-F1 >= 0.93, every intent F1 >= 0.85', () => {
    const classifier = trainClassifier(loadTrainingExamples())
    const predictions = loadFreshHoldoutExamples().map(e => ({ text: e.text, gold: e.intent, predicted: classifier.classify(e.text).intent, confidence: 0 }))
    const report = buildReport(predictions, INTENT_IDS)
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95)
    expect(report.macroF1).toBeGreaterThanOrEqual(0.93)
    expect(Math.min(...report.perIntent.map(s => s.f1))).toBeGreaterThanOrEqual(0.85)
  })
})
