import fs from 'node:fs'
const p = JSON.parse(fs.readFileSync(process.argv[2]))
const byId = new Map(p.nodes.map(n => [n.id, n]))
const self = new Map()
const dt = p.timeDeltas; const samples = p.samples
for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (dt[i] ?? 0))
const total = [...self.values()].reduce((a, b) => a + b, 0)
const group = new Map(); const fnGroup = new Map()
for (const n of p.nodes) {
  const t = self.get(n.id) ?? 0; if (!t) continue
  let url = n.callFrame.url || '(native)'
  let key = url.replace(/.*node_modules\/(@[^/]+\/[^/]+|[^/]+).*/, '$1').replace(/.*\/work\/main\//, '').replace(/^file:\/\//,'')
  if (url.startsWith('node:')) key = 'node:' + url.slice(5).split('/')[0]
  if (process.argv[3] === 'fn') key = key + ' ' + n.callFrame.functionName + ':' + n.callFrame.lineNumber
  group.set(key, (group.get(key) ?? 0) + t)
}
for (const [k, v] of [...group].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 40))) console.log((v / total * 100).toFixed(1).padStart(5), k)
console.log('total ms', total / 1000)
