// npm run nlu:eval — k-fold cross-validation on the training data and two held-out sets, ours
// against NLP.js on the same data, plus the reference entity's exact-match rate.
// The fresh held-out set (issue 16) is reported as figures only: its errors are never printed,
// so that tuning cannot learn its sentences (--errors prints CV and the older set's errors).
import { INTENT_IDS } from '../catalog.ts'
import { trainClassifier } from '../classifier.ts'
import { crossValidate, evaluateHoldout, CV_FOLDS, CV_SEED } from '../eval/evaluate.ts'
import { buildReport, formatReport, type Prediction, type Report } from '../eval/metrics.ts'
import { trainNlpJs, trainOurs } from '../eval/models.ts'
import { referenceExactMatch } from '../eval/reference-cases.ts'
import { loadFreshHoldoutExamples, loadHoldoutExamples, loadTrainingExamples } from '../training-data.ts'

const showErrors = process.argv.includes('--errors')
const onlyOurs = process.argv.includes('--ours')
const skipCv = process.argv.includes('--no-cv')

const errorsOf = (predictions: Prediction[]): string =>
  predictions.filter(p => p.gold !== p.predicted).map(p => `  [${p.gold} → ${p.predicted} ${p.confidence.toFixed(2)}] ${p.text}`).join('\n')

const minF1 = (report: Report): string => {
  const worst = [...report.perIntent].sort((a, b) => a.f1 - b.f1)[0]
  return `min F1 ${worst.f1.toFixed(3)} (${worst.intent})`
}

const figures = (report: Report): string => `accuracy ${report.accuracy.toFixed(3)} macro-F1 ${report.macroF1.toFixed(3)} ${minF1(report)}`

const main = async (): Promise<void> => {
  const training = loadTrainingExamples()
  const holdout = loadHoldoutExamples()
  const fresh = loadFreshHoldoutExamples()
  console.log(`${training.length} training examples, ${holdout.length} older held-out messages, ${fresh.length} fresh held-out messages, ${CV_FOLDS}-fold CV (seed ${CV_SEED})\n`)
  const models = onlyOurs ? [['ours', trainOurs()] as const] : [['ours', trainOurs()], ['NLP.js', trainNlpJs]] as const
  const summary: string[] = []
  for (const [name, trainer] of models) {
    const started = performance.now()
    let cvLine = ''
    if (!skipCv) {
      const cv = await crossValidate(training, trainer)
      const cvReport = buildReport(cv, INTENT_IDS)
      console.log(formatReport(`${name}: ${CV_FOLDS}-fold cross-validation`, cvReport))
      if (showErrors) console.log(`cv errors:\n${errorsOf(cv)}`)
      cvLine = `CV ${figures(cvReport)} | `
    }
    const held = await evaluateHoldout(training, holdout, trainer)
    const heldReport = buildReport(held, INTENT_IDS)
    console.log(formatReport(`${name}: older held-out messages`, heldReport))
    if (showErrors) console.log(`older held-out errors:\n${errorsOf(held)}`)
    const freshPredictions = await evaluateHoldout(training, fresh, trainer)
    // Per-intent figures and confusion counts only, never the sentences.
    const freshReport = buildReport(freshPredictions, INTENT_IDS)
    console.log(formatReport(`${name}: FRESH held-out messages (issue 16)`, freshReport))
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
    summary.push(`${name.padEnd(7)} ${cvLine}older held-out ${figures(heldReport)}`)
    summary.push(`${name.padEnd(7)} FRESH held-out ${figures(freshReport)}`)
  }
  // As `classify` runs without "lang": the language is detected, then used for stemming.
  const classifier = trainClassifier(training)
  for (const [label, set] of [['older', holdout], ['FRESH', fresh]] as const) {
    const detected = set.map(e => ({ text: e.text, gold: e.intent, predicted: classifier.classify(e.text).intent, confidence: 0 }))
    const langAccuracy = set.filter(e => classifier.classify(e.text).lang === e.lang).length / set.length
    summary.push(`ours, language detected, ${label} held-out: ${figures(buildReport(detected, INTENT_IDS))}, language right ${langAccuracy.toFixed(3)}`)
  }
  const reference = referenceExactMatch()
  console.log('== summary')
  for (const line of summary) console.log(line)
  console.log(`reference exact match ${reference.rate.toFixed(3)} (${reference.passed}/${reference.total} forms, malformed ones included)`)
  for (const failure of reference.failures) console.log(`  ${failure}`)
}

await main()
