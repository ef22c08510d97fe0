// npm run dialogs:eval — plays every story of intents/stories/*.yaml against the real core (a fresh
// SQLite database with the demo town) and reports the share that pass, with each failure.
// --verbose prints every transcript; a file name or a word filters the stories.
import { startStoryApp } from './app.ts'
import { playStory, type StoryResult } from './play.ts'
import { loadStories } from './stories.ts'

const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const filter = args.find(a => !a.startsWith('--'))

const stories = loadStories().filter(s => filter === undefined || s.file.includes(filter) || s.story.includes(filter))
const t = await startStoryApp()
const results: StoryResult[] = []
try {
  for (const story of stories) results.push(await playStory(t, story))
} finally {
  await t.stopAll()
}

const passed = results.filter(r => r.passed)
const count = (pick: (r: StoryResult) => string[]) => {
  const by = new Map<string, [number, number]>()
  for (const r of results) for (const key of pick(r)) { const [p, n] = by.get(key) ?? [0, 0]; by.set(key, [p + (r.passed ? 1 : 0), n + 1]) }
  return [...by].sort().map(([key, [p, n]]) => `${key} ${p}/${n}`).join(', ')
}
for (const r of results) {
  if (!r.passed || verbose) {
    console.log(`${r.passed ? 'PASS' : 'FAIL'} ${r.story.file}: ${r.story.story} [${r.story.channel}]`)
    for (const f of r.failures) console.log(`  ✗ ${f}`)
    for (const line of r.transcript) console.log(`    ${line}`)
  }
}
console.log(`\nby channel: ${count(r => [r.story.channel])}`)
console.log(`by rule: ${count(r => r.story.rules)}`)
console.log(`dialogs:eval ${passed.length}/${results.length} stories pass (${(passed.length / Math.max(1, results.length)).toFixed(3)})`)
process.exitCode = results.length > 0 && passed.length / results.length >= 0.95 ? 0 : 1
