import fs from 'node:fs'
const p = JSON.parse(fs.readFileSync(process.argv[2]))
const byId = new Map(p.nodes.map(n => [n.id, n]))
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const self = new Map(); for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0))
let total = 0; for (const [id, t] of self) if (byId.get(id).callFrame.functionName !== '(idle)') total += t
const incl = new Map()
for (const [id, t] of self) {
  const seen = new Set(); let cur = id
  while (cur !== undefined) { const n = byId.get(cur); const k = (n.callFrame.url.replace(/.*\/(node_modules\/)?/, '') + ' ' + n.callFrame.functionName); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t) } cur = parent.get(cur) }
}
const pat = new RegExp(process.argv[3] ?? '.')
for (const [k, v] of [...incl].filter(([k]) => pat.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 50)) console.log((v / total * 100).toFixed(1).padStart(5), k)
console.log('busy ms', total / 1000)
