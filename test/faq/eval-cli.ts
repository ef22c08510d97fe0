// npm run faq:eval [-- --set dev|eval|fresh] [--errors]: the FAQ as the conversation uses it, measured on
// paraphrases written apart from the entries (intents/faq/eval/paraphrases.tsv, expected entry id)
// and on unrelated questions (unrelated.tsv, expected: no FAQ entry); fresh-*.tsv are a second held-out set.
// Tune on --set dev (and npm run faq:cv) only.
import type { TownData, Turn } from '../../src/answerer.ts'
import { loadFaqFile } from '../../src/town/faq-file.ts'
import { createAssistant } from '../../intents/assistant.ts'
import { entryDoc, TOWN_FAQ_SETTINGS } from '../../intents/faq/town-faq.ts'
import { buildMatcher } from '../../intents/faq/matcher.ts'
import { loadEvalItems } from '../../intents/faq/eval-data.ts'
import { trainClassifier } from '../../intents/classifier.ts'
import { loadTrainingExamples } from '../../intents/training-data.ts'
import { intentExamplesMatcher } from '../../intents/faq/town-faq.ts'
import { whyOf } from './why.ts'

const args = process.argv.slice(2)
const set = args.includes('--set') ? args[args.indexOf('--set') + 1] : 'eval'
const showErrors = args.includes('--errors')
// --why: the paraphrases missed, counted by the step of the decision that dropped them (counts only, never the lines).
const showWhy = args.includes('--why')

const entries = loadFaqFile()
const none = async () => []
const data: TownData = {
  places: none, faqEntries: async () => entries, currentAlerts: none, upcomingEvents: none, wasteCollections: none, schoolHolidays: none,
  canteenMenu: async () => null, citizenTickets: none, ticketByReference: async () => null,
  settings: { townName: 'Démo', privacyUrl: 'https://mairie.example/confidentialite', timeZone: 'Europe/Paris', holidays: 'fr', schoolZone: 'B' }
}
const turn = (text: string): Turn => ({ text, channel: 'webchat', attachments: [], dialogState: null, misunderstandings: 0, isFirstMessage: false, citizenId: 'eval', now: new Date('2026-03-10T10:00:00Z') })

const assistant = createAssistant()
const matcher = buildMatcher(entries.map(entryDoc), TOWN_FAQ_SETTINGS)
const items = loadEvalItems().filter(i => i.set === set)
const paraphrases = { n: 0, right: 0, alone: 0, fr: [0, 0], en: [0, 0] }
const unrelated = { n: 0, none: 0, alone: 0, fiche: 0 }
const errors: string[] = []
const times: number[] = []
for (const item of items) {
  const t0 = performance.now()
  const result = await assistant.answer(turn(item.text), data)
  times.push(performance.now() - t0)
  const answered = result.intent === 'faq' ? String(result.entities.faq) : null
  const alone = matcher.best(item.text)?.id ?? null // the matcher's own threshold (0.45), no intents
  if (item.expected !== null) {
    paraphrases.n++
    const ok = answered === item.expected
    if (ok) paraphrases.right++
    if (alone === item.expected) paraphrases.alone++
    paraphrases[result.lang][1]++
    if (ok) paraphrases[result.lang][0]++
    if (!ok) errors.push(`missed  ${item.expected} ← « ${item.text} » (answered: ${answered ?? result.intent})`)
  } else {
    unrelated.n++
    if (answered === null) unrelated.none++
    else errors.push(`wrong   ${answered} ← « ${item.text} »`)
    if (alone === null) unrelated.alone++
    if (result.intent === 'fiche') unrelated.fiche++
  }
}
const median = times.sort((a, b) => a - b)[times.length >> 1] ?? 0
const share = (a: number, b: number) => (b === 0 ? 0 : a / b).toFixed(3)
console.log(`FAQ entries: ${entries.length} (${entries.filter(e => e.redirect !== null).length} redirections); set: ${set}`)
console.log(`paraphrases answered with the right entry: ${share(paraphrases.right, paraphrases.n)} (${paraphrases.right}/${paraphrases.n}; fr ${share(paraphrases.fr[0], paraphrases.fr[1])}, en ${share(paraphrases.en[0], paraphrases.en[1])})  goal ≥ 0.90`)
console.log(`unrelated questions given no FAQ entry:   ${share(unrelated.none, unrelated.n)} (${unrelated.none}/${unrelated.n}; ${unrelated.fiche} answered from a national fiche)  goal ≥ 0.95`)
console.log(`matcher alone (threshold ${matcher.settings.threshold}, no intents): paraphrases ${share(paraphrases.alone, paraphrases.n)}, unrelated none ${share(unrelated.alone, unrelated.n)}`)
console.log(`median ${median.toFixed(2)} ms per message (the whole turn: classifier, FAQ, fiches)`)
if (showErrors) for (const e of errors) console.log(e)
if (showWhy) {
  const examples = loadTrainingExamples()
  const classifier = trainClassifier(examples)
  const intents = intentExamplesMatcher(examples)
  const counts = new Map<string, number>()
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
  for (const item of items) {
    const result = await assistant.answer(turn(item.text), data)
    const answered = result.intent === 'faq' ? String(result.entities.faq) : null
    if (item.expected === null) { if (answered !== null) add(`unrelated answered: ${whyOf(item.text, null, matcher, classifier, intents).reason}`); continue }
    if (answered === item.expected) continue
    const why = whyOf(item.text, item.expected, matcher, classifier, intents)
    add(`missed: ${why.reason}${why.reason.startsWith('model') || why.reason.startsWith('gap') ? ` [${why.intent}]` : ''}`)
    // The tuning sets' lines may be read; the fresh set's are held out.
    if (set !== 'fresh') console.log(`${why.reason} | ${item.expected} ← « ${item.text} » | top ${why.top} ${why.score.toFixed(2)} p ${why.p.toFixed(2)} | ${why.intent} ${why.confidence.toFixed(2)} | answered ${answered ?? result.intent}`)
  }
  for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(4)}  ${key}`)
}
