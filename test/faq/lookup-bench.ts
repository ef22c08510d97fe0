// npx tsx test/faq/lookup-bench.ts [--against <another checkout>] [--bench-texts]: CPU time of the
// FAQ step of a turn (createFaqLookup: the demo town's entries, then the fiches) per message, on the
// intents' held-out messages or on the web chat bench's six texts. With --against, that checkout's
// lookup is measured too, in the same process, rounds alternating: a ratio that a shared machine's
// load does not skew the way two runs at different times are.
import path from 'node:path'
import { loadFaqFile } from '../../src/town/faq-file.ts'
import type { TownData } from '../../src/answerer.ts'
import { trainClassifier } from '../../intents/classifier.ts'
import { detectLangOrNull } from '../../intents/language.ts'
import { normalizeText } from '../../intents/normalize.ts'
import { loadHoldoutExamples, loadTrainingExamples } from '../../intents/training-data.ts'
import type { DialogContext } from '../../intents/dialogs/types.ts'
import { createFaqLookup } from '../../intents/faq/lookup.ts'

const args = process.argv.slice(2)
const against = args.includes('--against') ? path.resolve(args[args.indexOf('--against') + 1]) : null
// The texts of test/bench/load-client.ts.
const BENCH_TEXTS = ['bonjour', 'quels sont les horaires de la mairie ?', 'quel est le menu de la cantine demain ?', 'merci beaucoup', 'quels événements ce week-end ?', 'hello, what are the opening hours of the town hall?']
const texts = args.includes('--bench-texts') ? BENCH_TEXTS : loadHoldoutExamples().map(e => e.text)

const examples = loadTrainingExamples()
const classifier = trainClassifier(examples)
const entries = loadFaqFile()
const data = { faqEntries: async () => entries } as unknown as TownData
const now = new Date('2026-03-10T10:00:00Z')
const contexts = texts.map(text => {
  const normalized = normalizeText(text)
  const lang = detectLangOrNull(text, normalized) ?? 'fr'
  const classification = classifier.classify(text, lang, { now, timeZone: 'Europe/Paris', normalized, keyword: null })
  return { turn: { text, attachments: [], now }, data, lang, normalized, classification } as unknown as DialogContext
})

type Lookup = (ctx: DialogContext) => Promise<unknown>
const lookups: [string, Lookup][] = [['this checkout', createFaqLookup(examples)]]
if (against !== null) {
  const other = await import(path.join(against, 'intents/faq/lookup.ts')) as { createFaqLookup: (e: typeof examples) => Lookup }
  lookups.unshift([against, other.createFaqLookup(examples)])
}
for (const [, lookup] of lookups) for (const ctx of contexts) await lookup(ctx) // indexes built, caches warm
const repeat = Math.max(1, Math.round(2000 / contexts.length))
const rounds: number[][] = lookups.map(() => [])
for (let r = 0; r < 12; r++) {
  for (let k = 0; k < lookups.length; k++) {
    const i = (k + r) % lookups.length
    const start = process.cpuUsage()
    for (let n = 0; n < repeat; n++) for (const ctx of contexts) await lookups[i][1](ctx)
    const used = process.cpuUsage(start)
    rounds[i].push((used.user + used.system) / (repeat * contexts.length))
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
console.log(`FAQ lookup, CPU per message, median of 12 rounds over ${contexts.length} messages:`)
lookups.forEach(([name], i) => console.log(`  ${name}: ${median(rounds[i]).toFixed(1)} µs`))
if (lookups.length === 2) console.log(`  ratio this checkout / other: ${(median(rounds[1]) / median(rounds[0])).toFixed(2)}`)
