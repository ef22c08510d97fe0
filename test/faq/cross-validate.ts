// npm run faq:cv [-- --settings '{"charWeight":0.3}'] [--grid] [--errors] [--why]: tuning figures that never look at the eval
// lines of intents/faq/eval. Positives: leave-one-phrasing-out over the town's own entries (each
// phrasing must find its entry among the others, the matcher rebuilt without it) and the dev
// paraphrases; negatives: the intents' held-out messages (intents/data/holdout.jsonl, never trained
// on, about other intents) and the dev unrelated questions. Each message goes through the classifier
// and the FAQ rule of ./decide.ts as in a turn (no dialog, no place, no photo).
import { loadFaqFile } from '../../src/town/faq-file.ts'
import { trainClassifier } from '../../intents/classifier.ts'
import { matchKeyword } from '../../intents/keywords.ts'
import { detectLangOrNull } from '../../intents/language.ts'
import { normalizeText } from '../../intents/normalize.ts'
import { loadHoldoutExamples, loadTrainingExamples } from '../../intents/training-data.ts'
import { faqMayAnswer, FAQ_THRESHOLDS, type FaqThresholds } from '../../intents/faq/decide.ts'
import { loadEvalItems } from '../../intents/faq/eval-data.ts'
import { wishesToAct } from '../../intents/faq/lexicon.ts'
import { buildMatcher, type Matcher, type MatcherSettings } from '../../intents/faq/matcher.ts'
import { entryDoc, intentExamplesMatcher, TOWN_FAQ_SETTINGS } from '../../intents/faq/town-faq.ts'

const args = process.argv.slice(2)
const settings = { ...TOWN_FAQ_SETTINGS, ...(args.includes('--settings') ? JSON.parse(args[args.indexOf('--settings') + 1]) as Partial<MatcherSettings> : {}) }
const grid = args.includes('--grid')

const entries = loadFaqFile()
const examples = loadTrainingExamples()
const classifier = trainClassifier(examples)
const intents = intentExamplesMatcher(examples)
const now = new Date('2026-03-10T10:00:00Z')

type Row = { info: string, text: string, kind: 'loo' | 'dev+' | 'hold-' | 'dev-', expected: string | null, top: string | null, score: number, second: number, accept: (t: FaqThresholds) => boolean }

const row = (kind: Row['kind'], text: string, expected: string | null, matcher: Matcher): Row => {
  const normalized = normalizeText(text)
  const [top, next] = matcher.rank(text, 2, normalized)
  const lang = detectLangOrNull(text, normalized) ?? 'fr'
  const keyword = matchKeyword(text)
  const classification = classifier.classify(text, lang, { now, timeZone: 'Europe/Paris', normalized, keyword })
  let intentScore: number | undefined
  const situation = { classification, intentScore: () => (intentScore ??= intents.rank(text, 1, normalized)[0]?.score ?? 0), hasLocation: false, hasAttachments: false, wishesToAct: wishesToAct(normalized) }
  const coverage = top === undefined ? 0 : matcher.coverage(top.id, text, normalized)
  const score = top?.score ?? 0
  const second = next?.score ?? 0
  return {
    info: `${classification.intent} ${classification.confidence.toFixed(2)} is=${situation.intentScore().toFixed(2)}`, text, kind, expected, top: top?.id ?? null, score, second,
    accept: t => keyword === null && normalized !== '' && top !== undefined && faqMayAnswer({ score, second, coverage }, situation, t)
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
for (const item of loadEvalItems().filter(i => i.set === 'dev')) rows.push(row(item.expected === null ? 'dev-' : 'dev+', item.text, item.expected, full))
for (const ex of loadHoldoutExamples()) if (ex.intent !== 'out_of_scope') rows.push(row('hold-', ex.text, null, full))

const report = (t: FaqThresholds) => {
  const out: Record<string, string> = {}
  for (const kind of ['loo', 'dev+', 'hold-', 'dev-'] as const) {
    const rs = rows.filter(r => r.kind === kind)
    const good = rs.filter(r => r.expected === null ? !r.accept(t) : r.accept(t) && r.top === r.expected).length
    out[kind] = `${(good / rs.length).toFixed(3)} (${good}/${rs.length})`
  }
  const firsts = rows.filter(r => r.kind === 'loo')
  out['loo first choice'] = (firsts.filter(r => r.top === r.expected).length / firsts.length).toFixed(3)
  return out
}
console.log(`entries ${entries.length}, settings ${JSON.stringify(settings)}`)
console.log('current rule', FAQ_THRESHOLDS, report(FAQ_THRESHOLDS))
if (args.includes('--errors')) {
  for (const r of rows) {
    const ok = r.expected === null ? !r.accept(FAQ_THRESHOLDS) : r.accept(FAQ_THRESHOLDS) && r.top === r.expected
    if (!ok && r.kind !== 'loo') console.log(r.kind, r.expected, r.top, r.text, r.score.toFixed(2), r.second.toFixed(2), r.info)
  }
}
// --grid: the rules that keep the negatives (dev unrelated ≥ 0.975, held-out messages ≥ 0.90: the
// unrelated goal is 0.95 and held-out messages run about 0.03 below the eval's unrelated questions),
// best first by leave-one-out + dev paraphrases + held-out messages.
if (grid) {
  const results: [number, number, FaqThresholds, Record<string, string>][] = []
  for (const weak of [0.25, 0.3, 0.35, 0.4, 0.45]) for (const strong of [0.4, 0.45, 0.5, 0.55]) for (const margin of [0, 0.1, 0.2, 0.3]) for (const strongGap of [0, 0.05, 0.1, 0.15]) {
    const t: FaqThresholds = { ...FAQ_THRESHOLDS, weak, strong, margin, strongGap }
    const r = report(t)
    const neg = Math.min(parseFloat(r['hold-']), parseFloat(r['dev-']))
    if (parseFloat(r['dev-']) < 0.975 || parseFloat(r['hold-']) < 0.9) continue
    results.push([parseFloat(r.loo) + parseFloat(r['dev+']) + parseFloat(r['hold-']), neg, t, r])
  }
  results.sort((a, b) => b[0] - a[0])
  for (const [s, , t, r] of results.slice(0, 15)) console.log(s.toFixed(3), JSON.stringify(t), JSON.stringify(r))
}
// --why: leave-one-out phrasings whose entry came first but the rule refused, by classifier intent.
if (args.includes('--why')) {
  const counts = new Map<string, number>()
  for (const r of rows.filter(r => r.kind === 'loo' && r.top === r.expected && !r.accept(FAQ_THRESHOLDS))) {
    const key = r.info.split(' ').slice(0, 1).join(' ') + (parseFloat(r.info.split(' ')[1]) < 0.5 ? ' unsure' : ' sure')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  console.log([...counts].sort((a, b) => b[1] - a[1]))
  for (const r of rows.filter(r => r.kind === 'loo' && r.top === r.expected && !r.accept(FAQ_THRESHOLDS)).slice(0, 40)) console.log(r.expected, '|', r.text, r.score.toFixed(2), r.second.toFixed(2), r.info)
}
