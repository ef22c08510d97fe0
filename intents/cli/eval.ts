// npm run nlu:eval — k-fold cross-validation on the training data and the held-out set,
// ours against NLP.js on the same folds, plus the reference entity's exact-match rate.
import { INTENT_IDS } from '../catalog.ts'
import { trainClassifier } from '../classifier.ts'
import { crossValidate, evaluateHoldout, CV_FOLDS, CV_SEED } from '../eval/evaluate.ts'
import { buildReport, formatReport, type Prediction } from '../eval/metrics.ts'
import { trainNlpJs, trainOurs } from '../eval/models.ts'
import { referenceExactMatch } from '../eval/reference-cases.ts'
import { loadHoldoutExamples, loadTrainingExamples } from '../training-data.ts'

const showErrors = process.argv.includes('--errors')
const onlyOurs = process.argv.includes('--ours')

const errorsOf = (predictions: Prediction[]): string =>
  predictions.filter(p => p.gold !== p.predicted).map(p => `  [${p.gold} → ${p.predicted} ${p.confidence.toFixed(2)}] ${p.text}`).join('\n')

const main = async (): Promise<void> => {
  const training = loadTrainingExamples()
  const holdout = loadHoldoutExamples()
  console.log(`${training.length} training examples, ${holdout.length} held-out messages, ${CV_FOLDS}-fold CV (seed ${CV_SEED})\n`)
  const models = onlyOurs ? [['ours', trainOurs()] as const] : [['ours', trainOurs()], ['NLP.js', trainNlpJs]] as const
  const summary: string[] = []
  for (const [name, trainer] of models) {
    const started = performance.now()
    const cv = await crossValidate(training, trainer)
    const cvReport = buildReport(cv, INTENT_IDS)
    console.log(formatReport(`${name}: ${CV_FOLDS}-fold cross-validation`, cvReport))
    const held = await evaluateHoldout(training, holdout, trainer)
    const heldReport = buildReport(held, INTENT_IDS)
    console.log(formatReport(`${name}: held-out messages`, heldReport))
    if (showErrors) console.log(`held-out errors:\n${errorsOf(held)}\ncv errors:\n${errorsOf(cv)}`)
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
    summary.push(`${name.padEnd(7)} CV accuracy ${cvReport.accuracy.toFixed(3)} macro-F1 ${cvReport.macroF1.toFixed(3)} | held-out accuracy ${heldReport.accuracy.toFixed(3)} macro-F1 ${heldReport.macroF1.toFixed(3)}`)
  }
  // As `classify` runs without "lang": the language is detected, then used for stemming.
  const classifier = trainClassifier(training)
  const detected = holdout.map(e => ({ text: e.text, gold: e.intent, predicted: classifier.classify(e.text).intent, confidence: 0 }))
  const detectedReport = buildReport(detected, INTENT_IDS)
  const langAccuracy = holdout.filter(e => classifier.classify(e.text).lang === e.lang).length / holdout.length
  summary.push(`ours, language detected: held-out accuracy ${detectedReport.accuracy.toFixed(3)} macro-F1 ${detectedReport.macroF1.toFixed(3)}, language right ${langAccuracy.toFixed(3)}`)
  const reference = referenceExactMatch()
  console.log('== summary')
  for (const line of summary) console.log(line)
  console.log(`reference exact match ${reference.rate.toFixed(3)} (${reference.passed}/${reference.total} forms, malformed ones included)`)
  for (const failure of reference.failures) console.log(`  ${failure}`)
}

await main()
