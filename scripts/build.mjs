// npm run build (and npm start, before it starts the server): compiles the app to dist/
// (tsconfig.build.json) and copies beside it the files the compiled modules read from their own
// directory (pages, widget, intents data) and from the project's (town/, prisma/), so that dist/
// runs as the sources do. Plain JavaScript: it runs without a TypeScript loader. Nothing is done
// when dist/ is newer than every source (--force builds anyway).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const dist = path.join(root, 'dist')
const stamp = path.join(dist, '.built')
const SOURCES = ['src', 'channels', 'intents', 'generated', 'town', 'prisma', 'test/bench']
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.mjs']

function newestMtime (file) {
  if (!fs.existsSync(file)) return 0
  const stat = fs.statSync(file)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs // a file removed changes its directory's time
  for (const name of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, name)))
  return newest
}

const sourcesChanged = () => Math.max(...[...SOURCES, ...CONFIGS].map(f => newestMtime(path.join(root, f))))
if (!process.argv.includes('--force') && fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= sourcesChanged()) process.exit(0)

// A fresh tree each time: a file removed from src/ must not live on in dist/.
fs.rmSync(dist, { recursive: true, force: true })
const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc')
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' })

const isSource = (name) => name.endsWith('.ts')
function copyAssets (from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name)
    if (entry.isDirectory()) copyAssets(source, path.join(to, entry.name))
    else if (!isSource(entry.name)) fs.cpSync(source, path.join(to, entry.name))
  }
}
for (const dir of ['src', 'channels', 'intents', 'town', 'prisma']) copyAssets(path.join(root, dir), path.join(dist, dir))
fs.writeFileSync(stamp, `${new Date().toISOString()}\n`)
