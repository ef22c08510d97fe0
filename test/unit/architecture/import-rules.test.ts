// The import rules of issue 21: a newcomer following a message goes one way (channel → core →
// repositories → outbox → channel), with no return trips. Read from the source files themselves
// (src/, channels/, intents/; not test/), so a rule broken anywhere fails here with the file named.
//
// 1. src/core imports neither channels/ nor intents/, nor a database driver (@prisma/*, prisma,
//    pg, better-sqlite3, …) nor the generated Prisma client: data access goes through src/db.
//    Nor does it write SQL or call Prisma's client itself: it calls the repositories of src/db
//    (messages, conversations, identities, citizens, outbox…), never src/db/sql.ts or bulk-write.ts.
// 2. A channel folder (channels/<name>/) imports no other channel folder, nor channels/index.ts.
// 3. No cycle between folders: the top-level folders of src/ (core, tickets, inbox, town, db, …),
//    each channels/<name>/ and intents/ form a graph that must have no cycle (two folders
//    importing each other, or a longer loop). The loose files of src/ (app.ts and server.ts, the
//    composition root; domain.ts, errors.ts, config.ts, answerer.ts, the shared vocabulary) are
//    not folders and are not part of this rule.
//
// The allow-lists below can only shrink: an entry that is no longer needed fails the test (remove
// it), and a new exception is a reviewed change of this file with its reason, never a silent pass.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const SOURCE_DIRS = ['src', 'channels', 'intents']

/** src/core imports that break rule 1 and cannot move yet: "importing file -> import as written". None today. */
const CORE_EXCEPTIONS: string[] = []

/**
 * Two folders that import each other (rule 3, directly): the edge we mean to remove. None today:
 * the FAQ measuring commands (npm run faq:eval, faq:cv), which read the demo town's file with
 * src/town/faq-file.ts, live in test/faq/ beside the other measuring tools, so intents/ imports
 * nothing from src/town (src/town's unanswered-question tool uses the intent layer).
 */
const MUTUAL_EXCEPTIONS: string[] = []

/**
 * Longer loops (rule 3, through other folders): edges left out so that the rest is checked. None
 * today: the core reaches tickets, consultations and alerts through the TurnFeatures port
 * (src/core/turn-features.ts, implemented by src/features.ts), never by importing them.
 */
const LOOP_EXCEPTIONS: string[] = []

const DB_DRIVER = /^(@prisma\/|prisma$|prisma\/|pg$|pg\/|pg-|postgres$|better-sqlite3|sqlite3$|mysql2?$|@libsql\/|kysely$|drizzle-orm)/

type Import = { from: string, spec: string, target: string | null }

function sourceFiles (dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...sourceFiles(full))
    } else if (/\.(ts|mts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

// Static imports and re-exports (statements start a line), side-effect imports and import().
const STATEMENT = /^[ \t]*(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/gm
const SIDE_EFFECT = /^[ \t]*import\s*['"]([^'"]+)['"]/gm
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf (file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8')
  const from = path.relative(ROOT, file).split(path.sep).join('/')
  const specs = [STATEMENT, SIDE_EFFECT, DYNAMIC].flatMap(re => [...text.matchAll(re)].map(m => m[1]!))
  return specs.map(spec => ({
    from,
    spec,
    target: spec.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep).join('/') : null,
  }))
}

/** The folder a repository path belongs to for rule 3, or null for loose files. */
function folderOf (rel: string): string | null {
  const parts = rel.split('/')
  if (parts[0] === 'src' || parts[0] === 'channels') return parts.length > 2 ? `${parts[0]}/${parts[1]}` : null
  if (parts[0] === 'intents') return 'intents'
  return null
}

const imports = SOURCE_DIRS.flatMap(dir => sourceFiles(path.join(ROOT, dir))).flatMap(importsOf)

/** Folder → folder edges, each with the imports that make it. */
function folderEdges (): Map<string, Import[]> {
  const edges = new Map<string, Import[]>()
  for (const i of imports) {
    const a = folderOf(i.from)
    const b = i.target ? folderOf(i.target) : null
    if (!a || !b || a === b) continue
    const key = `${a} -> ${b}`
    edges.set(key, [...edges.get(key) ?? [], i])
  }
  return edges
}

/** Strongly connected components with more than one folder (Tarjan): each one is a cycle. */
function cycles (edgeKeys: string[]): string[][] {
  const next = new Map<string, string[]>()
  for (const key of edgeKeys) {
    const [a, b] = key.split(' -> ') as [string, string]
    next.set(a, [...next.get(a) ?? [], b])
    if (!next.has(b)) next.set(b, [])
  }
  let counter = 0
  const index = new Map<string, number>(); const low = new Map<string, number>()
  const stack: string[] = []; const onStack = new Set<string>(); const found: string[][] = []
  const visit = (v: string): void => {
    index.set(v, counter); low.set(v, counter); counter++
    stack.push(v); onStack.add(v)
    for (const w of next.get(v)!) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)) } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do { w = stack.pop()!; onStack.delete(w); component.push(w) } while (w !== v)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const v of next.keys()) if (!index.has(v)) visit(v)
  return found
}

const show = (list: Import[]) => list.map(i => `${i.from} -> ${i.spec}`)

describe('import rules (issue 21)', () => {
  it('reads the imports of the whole source tree', () => {
    // A parser that saw nothing would make every rule pass: check it sees what we know is there.
    expect(new Set(imports.map(i => i.from)).size).toBeGreaterThan(150)
    expect(folderEdges().has('channels/twilio -> src/core')).toBe(true)
    expect(imports.some(i => i.from.startsWith('src/db/') && DB_DRIVER.test(i.spec))).toBe(true)
  })

  it('src/core imports no channel, no intent code and no database driver', () => {
    const broken = imports.filter(i => i.from.startsWith('src/core/') && (
      i.target?.startsWith('channels/') || i.target?.startsWith('intents/') || i.target?.startsWith('generated/') ||
      i.target?.split('/').includes('generated') || (i.target === null && DB_DRIVER.test(i.spec))
    ))
    const current = show(broken)
    expect(current.filter(b => !CORE_EXCEPTIONS.includes(b)), 'src/core must go through src/db and the ports').toEqual([])
    expect(CORE_EXCEPTIONS.filter(e => !current.includes(e)), 'fixed: remove these from CORE_EXCEPTIONS').toEqual([])
  })

  it('src/core holds no SQL and no Prisma call: the repositories of src/db do', () => {
    const coreFiles = sourceFiles(path.join(ROOT, 'src/core'))
    const lowLevel = imports.filter(i => i.from.startsWith('src/core/') && /^src\/db\/(sql|bulk-write)\.ts$/.test(i.target ?? ''))
    expect(show(lowLevel), 'src/core must call repository functions, not the SQL runner').toEqual([])
    // SQL statements in strings, Prisma's model API (db.message.findMany…) and raw queries.
    const DATA_ACCESS = /\b(SELECT\s+[\w"*]|INSERT\s+INTO|UPDATE\s+"|DELETE\s+FROM)|\.\$(queryRaw|executeRaw|transaction)|\.(findMany|findFirst|findUnique|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate)\(\s*\{/
    const found = coreFiles.flatMap(file => fs.readFileSync(file, 'utf8').split('\n')
      .map((line, n) => ({ line, at: `${path.relative(ROOT, file)}:${n + 1}` }))
      .filter(({ line }) => DATA_ACCESS.test(line)).map(({ at, line }) => `${at}: ${line.trim()}`))
    expect(found, 'data access in src/core: move it to a repository in src/db').toEqual([])
  })

  it('outside src/db, no file writes SQL or calls Prisma\'s client: routes and services call named repository functions', () => {
    const files = SOURCE_DIRS.flatMap(dir => sourceFiles(path.join(ROOT, dir))).filter(file => !path.relative(ROOT, file).startsWith('src/db/'))
    const DATA_ACCESS = /\b(SELECT\s+[\w"*]|INSERT\s+INTO|UPDATE\s+"|DELETE\s+FROM)|\.\$(queryRaw|executeRaw|transaction)|\b(db|tx|prisma|client)\.[a-z]\w*\.(findMany|findFirst|findUnique|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)\(|\.prisma\(\)/
    const found = files.flatMap(file => fs.readFileSync(file, 'utf8').split('\n')
      .map((line, n) => ({ line, at: `${path.relative(ROOT, file)}:${n + 1}` }))
      .filter(({ line }) => DATA_ACCESS.test(line) && !/^\s*(\/\/|\*)/.test(line)).map(({ at, line }) => `${at}: ${line.trim()}`))
    expect(found, 'data access outside src/db: move it to a repository there').toEqual([])
    // Routes see the database only as an opaque Store (src/db/transaction.ts), never as Prisma's client.
    const routeFiles = imports.filter(i => /(routes|pages|route-deps)\.ts$/.test(i.from) && /\/db\/client\.ts$/.test(i.spec)).map(i => `${i.from} -> ${i.spec}`)
    expect(routeFiles, 'route modules import the database client').toEqual([])
  })

  it('a channel imports no other channel', () => {
    const broken = imports.filter(i => {
      const own = folderOf(i.from)
      return own?.startsWith('channels/') && i.target?.startsWith('channels/') && !i.target.startsWith(`${own}/`)
    })
    expect(show(broken)).toEqual([])
  })

  it('no two folders import each other', () => {
    const edges = folderEdges()
    const mutual = [...edges.keys()].filter(key => {
      const [a, b] = key.split(' -> ') as [string, string]
      return edges.has(`${b} -> ${a}`) && !MUTUAL_EXCEPTIONS.includes(key) && !MUTUAL_EXCEPTIONS.includes(`${b} -> ${a}`)
    })
    expect(mutual.flatMap(key => show(edges.get(key)!)), 'folders importing each other').toEqual([])
    expect(MUTUAL_EXCEPTIONS.filter(key => {
      const [a, b] = key.split(' -> ') as [string, string]
      return !edges.has(key) || !edges.has(`${b} -> ${a}`)
    }), 'fixed: remove these from MUTUAL_EXCEPTIONS').toEqual([])
  })

  it('no loop between folders through other folders', () => {
    const edges = folderEdges()
    const checked = (skip: string[]) => [...edges.keys()].filter(key => !skip.includes(key))
    const skipped = [...MUTUAL_EXCEPTIONS, ...LOOP_EXCEPTIONS]
    const loops = cycles(checked(skipped))
    const explain = loops.map(component => component.flatMap(a => component.flatMap(b => show(edges.get(`${a} -> ${b}`) ?? []))))
    expect(explain, 'folders in a loop (the imports between them)').toEqual([])
    // An exception is still needed only if putting its edge back closes a loop through it.
    const stale = LOOP_EXCEPTIONS.filter(key => {
      const [a, b] = key.split(' -> ') as [string, string]
      return !cycles(checked(skipped.filter(s => s !== key))).some(c => c.includes(a) && c.includes(b))
    })
    expect(stale, 'no longer closing a loop: remove these from LOOP_EXCEPTIONS').toEqual([])
  })
})
