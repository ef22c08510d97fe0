// Cross-validation and held-out evaluation of a Trainer.
import type { Example } from '../training-data.ts'
import { stratifiedFolds } from './folds.ts'
import type { Prediction } from './metrics.ts'
import type { Trainer } from './models.ts'

export const CV_FOLDS = 5
export const CV_SEED = 20260

/** Predictions for every example, each made by a model trained on the other folds. */
export const crossValidate = async (examples: Example[], trainer: Trainer, k = CV_FOLDS, seed = CV_SEED): Promise<Prediction[]> => {
  const folds = stratifiedFolds(examples, example => example.intent, k, seed)
  const predictions: Prediction[] = []
  for (let fold = 0; fold < k; fold++) {
    const predict = await trainer(examples.filter((_, i) => folds[i] !== fold))
    for (const [i, example] of examples.entries()) {
      if (folds[i] !== fold) continue
      const { intent, confidence } = await predict(example.text, example.lang)
      predictions.push({ text: example.text, gold: example.intent, predicted: intent, confidence })
    }
  }
  return predictions
}

/** Predictions on `test` by a model trained on all of `train`. */
export const evaluateHoldout = async (train: Example[], test: Example[], trainer: Trainer): Promise<Prediction[]> => {
  const predict = await trainer(train)
  const predictions: Prediction[] = []
  for (const example of test) {
    const { intent, confidence } = await predict(example.text, example.lang)
    predictions.push({ text: example.text, gold: example.intent, predicted: intent, confidence })
  }
  return predictions
}
