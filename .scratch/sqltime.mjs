import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const Database = require('better-sqlite3')
const stats = new Map()
const probe = new Database(':memory:')
const Statement = Object.getPrototypeOf(probe.prepare('select 1'))
for (const m of ['all', 'run', 'get', 'iterate']) {
  const orig = Statement[m]
  Statement[m] = function (...args) {
    const t = process.hrtime.bigint()
    try { return orig.apply(this, args) } finally {
      const d = Number(process.hrtime.bigint() - t) / 1e6
      const k = this.source.replace(/\s+/g, ' ').replace(/\?(, ?\?)+/g, '?…').replace(/(\(\?…?\),? ?)+/g, '(…)').slice(0, 220)
      const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += d; stats.set(k, s)
    }
  }
}
const prep = Database.prototype.prepare
let prepMs = 0, prepN = 0
Database.prototype.prepare = function (...a) { const t = process.hrtime.bigint(); try { return prep.apply(this, a) } finally { prepMs += Number(process.hrtime.bigint() - t) / 1e6; prepN++ } }
process.on('exit', () => {
  const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)
  console.error(`prepare: ${prepN} calls ${prepMs.toFixed(0)} ms`)
  for (const [k, s] of rows) console.error(s.ms.toFixed(0).padStart(7), 'ms', String(s.n).padStart(7), (s.ms / s.n).toFixed(3).padStart(8), k)
})
