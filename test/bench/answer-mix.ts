// npx tsx test/bench/answer-mix.ts [--against <another checkout>] [--rounds N] [--check]
// CPU time of answering one message (createAssistant().answer, the welcome on a first message) on
// the web chat bench's message mix: its six texts in its order over its 500 sessions, each
// session's dialog state, language and misunderstandings carried from turn to turn as the core
// does, against the demo town in a real SQLite file read through src/town/town-data.ts (its cache
// kept for the whole run, so that no database read is timed). With --against, that checkout's
// assistant and town data are measured too, in the same process, rounds alternating: a ratio that
// a shared machine's load does not skew the way two runs at different times are.
// --check instead answers the held-out messages, the bench's texts and the dialogs:eval stories'
// citizen lines at several instants with both checkouts and reports any reply that differs.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Answerer, TownData, Turn, TurnResult } from '../../src/answerer.ts'
import type { Config } from '../../src/config.ts'
import { loadConfig } from '../../src/config.ts'
import { storeOf, type Store } from '../../src/db/transaction.ts'
import { openDatabase } from '../../src/db/client.ts'
import { applyMigrations } from '../../src/db/schema-engine.ts'
import { seedDemoTown } from '../../src/town/demo-town.ts'
import type { Lang } from '../../src/domain.ts'
import { loadHoldoutExamples } from '../../intents/training-data.ts'

const { values } = parseArgs({ options: { against: { type: 'string' }, rounds: { type: 'string', default: '12' }, check: { type: 'boolean', default: false } } })

// The texts and session count of test/bench/load-client.ts and `npm run bench -- --only webchat`.
const BENCH_TEXTS = ['bonjour', 'quels sont les horaires de la mairie ?', 'quel est le menu de la cantine demain ?', 'merci beaucoup', 'quels événements ce week-end ?', 'hello, what are the opening hours of the town hall?']
const SESSIONS = 500
const MESSAGES_PER_ROUND = 3000

type Checkout = { name: string, assistant: Answerer, data: TownData }

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'answer-mix-'))
const databaseUrl = `file:${path.join(dir, 'town.db')}`
await applyMigrations(databaseUrl)
const database = await openDatabase(databaseUrl)
// Another checkout may predate the Store handle (issue 21): at run time it is the same client.
await seedDemoTown(storeOf(database.db))
const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PORT: '0' })

const load = async (root: string, name: string): Promise<Checkout> => {
  const { createAssistant } = await import(path.join(root, 'intents/assistant.ts')) as { createAssistant: () => Answerer }
  const { createTownData } = await import(path.join(root, 'src/town/town-data.ts')) as { createTownData: (store: Store, config: Config, cacheMs?: number) => TownData }
  return { name, assistant: createAssistant(), data: createTownData(storeOf(database.db), config, 3_600_000) }
}
const checkouts = [await load(path.resolve('.'), 'this checkout')]
if (values.against !== undefined) checkouts.unshift(await load(path.resolve(values.against), path.resolve(values.against)))

type Session = { lang?: Lang, dialogState: unknown, misunderstandings: number, first: boolean }
const turnOf = (session: Session, text: string, now: Date, citizenId: string): Turn => ({
  text, channel: 'webchat', lang: session.first ? undefined : session.lang, attachments: [], dialogState: session.dialogState,
  misunderstandings: session.misunderstandings, isFirstMessage: session.first, citizenId, now
})
const after = (session: Session, result: TurnResult): void => {
  session.lang = result.lang
  session.dialogState = result.dialogState ?? null
  session.misunderstandings = result.misunderstood ? session.misunderstandings + 1 : 0
  session.first = false
}
/** One turn as handle-turn.ts asks it: the answer, and the welcome before it on a first message. */
const answerTurn = async ({ assistant, data }: Checkout, session: Session, text: string, now: Date, citizenId: string): Promise<{ welcome: string | null, result: TurnResult }> => {
  const turn = turnOf(session, text, now, citizenId)
  const result = await assistant.answer(turn, data)
  const welcome = turn.isFirstMessage ? assistant.welcome(result.lang, 'webchat', data) : null
  after(session, result)
  return { welcome, result }
}

if (values.check) {
  // Every message alone (a first message, no dialog), then each story's lines in turn, at instants
  // across a week, at night, on a holiday and in the school holidays.
  const instants = ['2026-12-07T09:15:00Z', '2026-12-09T15:40:00Z', '2026-12-12T07:59:00Z', '2026-12-13T18:00:00Z', '2026-12-24T13:00:00Z', '2026-12-25T10:00:00Z', '2027-03-10T22:30:00Z', '2026-07-14T11:00:00Z'].map(iso => new Date(iso))
  const texts = [...BENCH_TEXTS, ...loadHoldoutExamples().map(e => e.text)]
  const storyDir = path.resolve('intents/stories')
  const stories = fs.readdirSync(storyDir).flatMap(file => fs.readFileSync(path.join(storyDir, file), 'utf8').split(/\n(?=\s*- story:|\s*- name:)/)
    .map(block => [...block.matchAll(/^\s*-?\s*(?:user|citizen|say|text):\s*"?(.+?)"?\s*$/gm)].map(m => m[1])).filter(lines => lines.length > 0))
  let compared = 0
  let differing = 0
  for (const now of instants) {
    const sequences = [...texts.map(text => [text]), ...stories, [...BENCH_TEXTS, ...BENCH_TEXTS]]
    for (const lines of sequences) {
      const outs = await Promise.all(checkouts.map(async checkout => {
        const session: Session = { dialogState: null, misunderstandings: 0, first: true }
        const out: string[] = []
        for (const line of lines) {
          const { welcome, result } = await answerTurn(checkout, session, line, now, 'citizen-check')
          out.push(`${welcome ?? ''}${JSON.stringify(result)}`)
        }
        return out
      }))
      compared += lines.length
      if (outs.length === 2 && outs[0].join('\n') !== outs[1].join('\n')) {
        differing++
        if (differing <= 5) console.log(`DIFFERS at ${now.toISOString()} for ${JSON.stringify(lines)}:\n  ${outs[0].join('\n  ')}\n  ---\n  ${outs[1].join('\n  ')}`)
      }
    }
  }
  console.log(`${compared} turns in ${stories.length} stories and ${texts.length} single messages at ${instants.length} instants: ${differing} sequences differ`)
} else {
  const rounds = Number(values.rounds)
  const sessions = checkouts.map(() => Array.from({ length: SESSIONS }, (): Session => ({ dialogState: null, misunderstandings: 0, first: true })))
  const sent = checkouts.map(() => 0)
  const runRound = async (i: number): Promise<number> => {
    const start = process.cpuUsage()
    for (let k = 0; k < MESSAGES_PER_ROUND; k++) {
      const n = sent[i]++
      await answerTurn(checkouts[i], sessions[i][n % SESSIONS], BENCH_TEXTS[n % BENCH_TEXTS.length], new Date(), `citizen-${n % SESSIONS}`)
    }
    const used = process.cpuUsage(start)
    return (used.user + used.system) / MESSAGES_PER_ROUND
  }
  for (let i = 0; i < checkouts.length; i++) await runRound(i) // trained, caches warm, first messages past
  const results: number[][] = checkouts.map(() => [])
  // ANSWER_MIX_PROF=<file.cpuprofile>: a CPU profile of the timed rounds alone (no training, no seeding).
  const profiler = process.env.ANSWER_MIX_PROF === undefined ? null : new (await import('node:inspector/promises')).Session()
  if (profiler !== null) { profiler.connect(); await profiler.post('Profiler.enable'); await profiler.post('Profiler.start') }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < checkouts.length; k++) {
      const i = (k + r) % checkouts.length
      results[i].push(await runRound(i))
    }
  }
  if (profiler !== null) fs.writeFileSync(process.env.ANSWER_MIX_PROF!, JSON.stringify((await profiler.post('Profiler.stop')).profile))
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  console.log(`answering the web chat bench's mix (${SESSIONS} sessions, demo town), CPU per message, median of ${rounds} rounds of ${MESSAGES_PER_ROUND}:`)
  checkouts.forEach(({ name }, i) => console.log(`  ${name}: ${median(results[i]).toFixed(1)} µs (rounds ${Math.min(...results[i]).toFixed(1)}–${Math.max(...results[i]).toFixed(1)})`))
  if (checkouts.length === 2) console.log(`  ratio this checkout / other: ${(median(results[1]) / median(results[0])).toFixed(2)}`)
}
await database.close()
fs.rmSync(dir, { recursive: true, force: true })
process.exit(0)
