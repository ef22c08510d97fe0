// npm run faq:cv [-- --settings '{"charWeight":0.3}'] [--fit] [--errors]: tuning figures that never look at
// the held-out lines of intents/faq/eval (fresh-*.tsv). Positives: leave-one-phrasing-out over the town's
// own entries (each phrasing must find its entry among the others, the matcher rebuilt without it), the
// dev paraphrases and the first eval paraphrases (looked at in earlier sessions, so tuning data now);
// negatives: the intents' held-out messages (intents/data/holdout.jsonl, never trained on, about other
// intents), the dev and first eval unrelated questions. Each message goes through the classifier and the
// FAQ decision of ./decide.ts as in a turn (no dialog, no place, no photo).
// --fit: fits the logistic model of decide.ts in 5 folds, prints the out-of-fold figures for each bar,
// then the weights fitted on all rows (copy them, with the chosen bar, into FAQ_MODEL).
import { readFileSync } from 'node:fs'
import { loadFaqFile } from '../../src/town/faq-file.ts'
import { trainClassifier } from '../../intents/classifier.ts'
import { matchKeyword } from '../../intents/keywords.ts'
import { detectLangOrNull } from '../../intents/language.ts'
import { normalizeText } from '../../intents/normalize.ts'
import { loadHoldoutExamples, loadTrainingExamples } from '../../intents/training-data.ts'
import { FAQ_FEATURES, FAQ_MODEL, FAQ_THRESHOLDS, faqFeatures, faqProbability, placedInWords, sureOffTopic, townEntryMightAnswer, type FaqModel } from '../../intents/faq/decide.ts'
import { loadEvalItems } from '../../intents/faq/eval-data.ts'
import { wishesToAct } from '../../intents/faq/lexicon.ts'
import { buildMatcher, type Matcher, type MatcherSettings } from '../../intents/faq/matcher.ts'
import { entryDoc, intentExamplesMatcher, TOWN_FAQ_SETTINGS } from '../../intents/faq/town-faq.ts'

const args = process.argv.slice(2)
const settings = { ...TOWN_FAQ_SETTINGS, ...(args.includes('--settings') ? JSON.parse(args[args.indexOf('--settings') + 1]) as Partial<MatcherSettings> : {}) }

const entries = loadFaqFile()
const examples = loadTrainingExamples()
const classifier = trainClassifier(examples)
const intents = intentExamplesMatcher(examples)
const now = new Date('2026-03-10T10:00:00Z')

const KINDS = ['loo', 'dev+', 'eval+', 'hold+', 'hold-', 'dev-', 'eval-'] as const
type Kind = (typeof KINDS)[number]
/** eligible: the entries are ranked at all (no keyword, some words, townEntryMightAnswer); x: the model's inputs. */
type Row = { info: string, text: string, kind: Kind, expected: string | null, top: string | null, score: number, eligible: boolean, placed: boolean, x: number[] }

const row = (kind: Kind, text: string, expected: string | null, matcher: Matcher): Row => {
  const normalized = normalizeText(text)
  const [top, next] = matcher.rank(text, 2, normalized)
  const lang = detectLangOrNull(text, normalized) ?? 'fr'
  const keyword = matchKeyword(text)
  const classification = classifier.classify(text, lang, { now, timeZone: 'Europe/Paris', normalized, keyword })
  const intentScore = intents.scoreOf(classification.intent, text, normalized)
  const situation = { classification, intentScore: () => intentScore, hasLocation: false, hasAttachments: false, wishesToAct: wishesToAct(normalized) }
  const evidence = { score: top?.score ?? 0, second: next?.score ?? 0, phrasing: top?.phrasing ?? 0, coverage: top === undefined ? 0 : matcher.coverage(top.id, text, normalized) }
  return {
    info: `${classification.intent} ${classification.confidence.toFixed(2)} intents=${intentScore.toFixed(2)}`, text, kind, expected, top: top?.id ?? null, score: evidence.score,
    placed: placedInWords(situation),
    eligible: keyword === null && normalized !== '' && top !== undefined && townEntryMightAnswer(situation) && !sureOffTopic(evidence, situation), x: faqFeatures(evidence, situation, intentScore)
  }
}

const rows: Row[] = []
// Leave one phrasing out: the entry keeps its other phrasings and its answer. Fold k leaves out the
// k-th phrasing of every entry at once (one matcher per fold, not per phrasing: same figures, faster).
const folds = Math.max(...entries.flatMap(e => [e.questions.fr.length, e.questions.en.length]))
for (let k = 0; k < folds; k++) {
  const docs = entries.map(e => entryDoc({ ...e, questions: { fr: e.questions.fr.filter((_, j) => j !== k), en: e.questions.en.filter((_, j) => j !== k) } }))
  const matcher = buildMatcher(docs, settings)
  for (const e of entries) for (const lang of ['fr', 'en'] as const) if (k < e.questions[lang].length) rows.push(row('loo', e.questions[lang][k], e.id, matcher))
}
const full = buildMatcher(entries.map(entryDoc), settings)
for (const item of loadEvalItems()) {
  if (item.set === 'fresh') continue // held out: only npm run faq:eval -- --set fresh measures it
  rows.push(row(`${item.set}${item.expected === null ? '-' : '+'}` as Kind, item.text, item.expected, full))
}
// The held-out messages on a topic the project leaves to the town's FAQ ([faq] marks) should get the demo town's entry.
const faqTopics = new Map(readFileSync(new URL('../../intents/faq/eval/holdout-faq-topics.tsv', import.meta.url), 'utf8').split('\n')
  .filter(line => line.trim() !== '' && !line.startsWith('#')).map(line => { const [id, text] = line.split('\t'); return [text, id] as [string, string] }))
for (const ex of loadHoldoutExamples()) {
  if (ex.intent === 'out_of_scope') continue
  const entry = faqTopics.get(ex.text)
  rows.push(entry === undefined ? row('hold-', ex.text, null, full) : row('hold+', ex.text, entry, full))
}
if (rows.filter(r => r.kind === 'hold+').length !== faqTopics.size) throw new Error('holdout-faq-topics.tsv: a message is not in holdout.jsonl')

const WISH = FAQ_FEATURES.indexOf('wishToRequest')
const ACTION = FAQ_FEATURES.indexOf('action')
const OVER = FAQ_FEATURES.indexOf('overIntents')
const GAP = FAQ_FEATURES.indexOf('gap')
// --action-margin 0.3: try another FaqModel.actionMargin (the figures below then use it).
const actionMargin = args.includes('--action-margin') ? Number(args[args.indexOf('--action-margin') + 1]) : FAQ_MODEL.actionMargin
// The hard guards of townEntryAnswers: a wish to act on a request intent, a confident action intent, an entry that does not stand out over a confident intent.
const wishGuard = (r: Row, model: FaqModel) => (r.x[WISH] === 1 && r.x[OVER] < model.wishMargin) ||
  ((r.x[ACTION] === 1 || r.placed) && r.x[OVER] < actionMargin) ||
  (r.x[GAP] !== 0 && r.x[GAP] < FAQ_THRESHOLDS.strongGap)
const accepts = (r: Row, model: FaqModel, p = faqProbability(r.x, model)) => r.eligible && r.score >= model.floor && !wishGuard(r, model) && p >= model.threshold
const right = (r: Row, accepted: boolean) => r.expected === null ? !accepted : accepted && r.top === r.expected
const report = (accepted: (r: Row) => boolean) => {
  const out: Record<string, string> = {}
  for (const kind of KINDS) {
    const rs = rows.filter(r => r.kind === kind)
    const good = rs.filter(r => right(r, accepted(r))).length
    out[kind] = `${(good / rs.length).toFixed(3)} (${good}/${rs.length})`
  }
  return out
}
console.log(`entries ${entries.length}, settings ${JSON.stringify(settings)}, action margin ${actionMargin}`)
console.log('FAQ_MODEL (fitted on all these rows: optimistic)', report(r => accepts(r, FAQ_MODEL)))
if (args.includes('--errors')) {
  for (const r of rows) if (r.kind !== 'loo' && !right(r, accepts(r, FAQ_MODEL))) console.log(r.kind, r.expected, r.top, r.text, r.score.toFixed(2), r.info)
}
// --loo-errors: the entries' own phrasings (and the intents' held-out messages) the current model gets wrong, to see which intents' training data covers an entry's topic.
if (args.includes('--loo-errors')) {
  for (const r of rows) if ((r.kind === 'loo' || r.kind.startsWith('hold')) && !right(r, accepts(r, FAQ_MODEL))) console.log(r.kind, r.expected, r.top, `« ${r.text} »`, r.score.toFixed(2), r.info)
}

if (args.includes('--fit')) {
  // Positives are rows whose best entry is the expected one; every other row should get no entry.
  // The entries' own phrasings are many and cleaner than citizens' messages: they weigh less.
  const WEIGHT: Record<Kind, number> = { loo: 0.5, 'dev+': 2, 'eval+': 2, 'hold+': 1.5, 'hold-': 1.5, 'dev-': 3, 'eval-': 3 }
  const fit = (train: Row[]): Pick<FaqModel, 'weights' | 'bias'> => {
    const n = FAQ_FEATURES.length
    const mean = FAQ_FEATURES.map((_, j) => train.reduce((s, r) => s + r.x[j], 0) / train.length)
    const sd = FAQ_FEATURES.map((_, j) => Math.sqrt(train.reduce((s, r) => s + (r.x[j] - mean[j]) ** 2, 0) / train.length) + 1e-9)
    const z = train.map(r => r.x.map((v, j) => (v - mean[j]) / sd[j]))
    const y = train.map(r => r.expected !== null && r.top === r.expected ? 1 : 0)
    const w = train.map(r => WEIGHT[r.kind])
    const total = w.reduce((a, b) => a + b, 0)
    const b = new Array<number>(n).fill(0)
    let c = 0
    for (let it = 0; it < 3000; it++) { // gradient descent, step 0.5, L2 1e-3
      const g = new Array<number>(n).fill(0)
      let gc = 0
      z.forEach((zi, i) => {
        const p = 1 / (1 + Math.exp(-(zi.reduce((s, v, j) => s + v * b[j], c))))
        const d = (p - y[i]) * w[i]
        zi.forEach((v, j) => { g[j] += v * d })
        gc += d
      })
      for (let j = 0; j < n; j++) b[j] -= 0.5 * (g[j] / total + 1e-3 * b[j])
      c -= 0.5 * gc / total
    }
    const weights = Object.fromEntries(FAQ_FEATURES.map((name, j) => [name, Number((b[j] / sd[j]).toFixed(3))])) as FaqModel['weights']
    return { weights, bias: Number((c - FAQ_FEATURES.reduce((s, _, j) => s + b[j] * mean[j] / sd[j], 0)).toFixed(3)) }
  }
  const eligible = rows.filter(r => r.eligible && r.score >= FAQ_MODEL.floor)
  // Five folds, rows dealt in a fixed shuffled order.
  let seed = 1
  const order = eligible.map((r, i) => ({ r, k: (seed = (seed * 48271) % 2147483647) })).sort((a, b) => a.k - b.k).map(o => o.r)
  const outOfFold = new Map<Row, number>()
  for (let k = 0; k < 5; k++) {
    const test = order.filter((_, i) => i % 5 === k)
    const model = { ...FAQ_MODEL, ...fit(order.filter((_, i) => i % 5 !== k)) }
    for (const r of test) outOfFold.set(r, faqProbability(r.x, model))
  }
  for (const threshold of [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]) {
    console.log(`out of fold, bar ${threshold}`, JSON.stringify(report(r => outOfFold.has(r) && !wishGuard(r, FAQ_MODEL) && outOfFold.get(r)! >= threshold)))
  }
  console.log('fitted on all rows:', JSON.stringify(fit(eligible)))
}
