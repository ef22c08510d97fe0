// Rasa-style NLU report (`rasa test nlu`): accuracy, macro/weighted F1, per-intent
// precision/recall/F1/support and the most confused pairs.

export type Prediction = { text: string, gold: string, predicted: string, confidence: number }

export type IntentScore = { intent: string, precision: number, recall: number, f1: number, support: number }

export type Report = {
  accuracy: number
  macroF1: number
  weightedF1: number
  perIntent: IntentScore[]
  confusions: { gold: string, predicted: string, count: number }[]
  /** Expected calibration error over 10 confidence bins: how far confidence is from accuracy. */
  calibrationError: number
}

const f1Of = (precision: number, recall: number): number => precision + recall === 0 ? 0 : 2 * precision * recall / (precision + recall)

export const buildReport = (predictions: Prediction[], intents: readonly string[]): Report => {
  const perIntent = intents.map(intent => {
    const truePositives = predictions.filter(p => p.gold === intent && p.predicted === intent).length
    const predicted = predictions.filter(p => p.predicted === intent).length
    const support = predictions.filter(p => p.gold === intent).length
    const precision = predicted === 0 ? 0 : truePositives / predicted
    const recall = support === 0 ? 0 : truePositives / support
    return { intent, precision, recall, f1: f1Of(precision, recall), support }
  }).filter(score => score.support > 0)
  const total = predictions.length
  const pairs = new Map<string, number>()
  for (const p of predictions) if (p.gold !== p.predicted) pairs.set(`${p.gold}\t${p.predicted}`, (pairs.get(`${p.gold}\t${p.predicted}`) ?? 0) + 1)
  const confusions = [...pairs].map(([key, count]) => {
    const [gold, predicted] = key.split('\t')
    return { gold, predicted, count }
  }).sort((a, b) => b.count - a.count)
  return {
    accuracy: predictions.filter(p => p.gold === p.predicted).length / total,
    macroF1: perIntent.reduce((sum, s) => sum + s.f1, 0) / perIntent.length,
    weightedF1: perIntent.reduce((sum, s) => sum + s.f1 * s.support, 0) / total,
    perIntent,
    confusions,
    calibrationError: calibrationError(predictions)
  }
}

const calibrationError = (predictions: Prediction[]): number => {
  let error = 0
  for (let bin = 0; bin < 10; bin++) {
    const inBin = predictions.filter(p => Math.min(9, Math.floor(p.confidence * 10)) === bin)
    if (inBin.length === 0) continue
    const accuracy = inBin.filter(p => p.gold === p.predicted).length / inBin.length
    const confidence = inBin.reduce((sum, p) => sum + p.confidence, 0) / inBin.length
    error += Math.abs(accuracy - confidence) * inBin.length / predictions.length
  }
  return error
}

const pct = (value: number): string => value.toFixed(3)

export const formatReport = (title: string, report: Report, topConfusions = 8): string => {
  const lines = [
    `== ${title}`,
    `accuracy ${pct(report.accuracy)}  macro-F1 ${pct(report.macroF1)}  weighted-F1 ${pct(report.weightedF1)}  calibration error ${pct(report.calibrationError)}`,
    `${'intent'.padEnd(26)} precision  recall  f1     support`
  ]
  for (const s of report.perIntent) {
    lines.push(`${s.intent.padEnd(26)} ${pct(s.precision).padEnd(10)} ${pct(s.recall).padEnd(7)} ${pct(s.f1).padEnd(6)} ${s.support}`)
  }
  lines.push('most confused (gold → predicted: count)')
  for (const c of report.confusions.slice(0, topConfusions)) lines.push(`  ${c.gold} → ${c.predicted}: ${c.count}`)
  return lines.join('\n')
}
