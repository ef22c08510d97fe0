// npm run crash:botframework: kill -9 under Bot Framework load, measured from outside (issue 19,
// item 2). The real server (compiled, run as `npm start` runs it, authentication disabled as with the
// Emulator) takes message activities from a client that posts each one again until it gets a 2xx,
// as the Bot Framework connector does; halfway the server is killed with SIGKILL and started again
// on the same database. Replies are counted where the citizen would see them, at the local
// connector stand-in: every acknowledged activity stored once and answered, and no reply posted
// twice (each reply the connector took has the activity id it answered stored on exactly one
// outbound message; per conversation, the texts it took are the texts the database says were sent).
// Options: --activities, --citizens, --concurrency, --db.
import { parseArgs } from 'node:util'
import { openDatabase } from '../../src/db/client.ts'
import { startBotFrameworkConnector } from '../stand-ins/botframework-connector.ts'
import { freshDatabase, killHard, sleep, startServer, stopGently, waitUntilSettled } from './crash-common.ts'

const { values } = parseArgs({ options: {
  activities: { type: 'string', default: '1000' }, citizens: { type: 'string', default: '200' },
  concurrency: { type: 'string', default: '16' }, db: { type: 'string', default: 'sqlite' }, port: { type: 'string', default: '3989' },
} })
const total = Number(values.activities)
const citizens = Number(values.citizens)
const port = Number(values.port)
const base = `http://127.0.0.1:${port}`
const TEXTS = ['bonjour', 'à quelle heure ouvre la mairie ?', 'quel est le menu de la cantine demain ?', 'hello, what are the opening hours of the town hall?']

const connector = await startBotFrameworkConnector()
const database = await freshDatabase('crash-botframework', values.db!)
const env = { ...process.env, DATABASE_URL: database.url, PORT: String(port), LOG_LEVEL: process.env.CRASH_LOG_LEVEL ?? 'warn', BOTFRAMEWORK_AUTH: 'disabled' }

const activity = (i: number) => {
  const c = i % citizens
  return JSON.stringify({
    type: 'message', id: `act-${i}`, text: TEXTS[i % TEXTS.length], channelId: 'msteams', serviceUrl: `${connector.url}/`,
    from: { id: `29:user-${c}`, name: `Citoyen ${c}` }, recipient: { id: '28:bot', name: 'Mairie' },
    conversation: { id: `a:conv-${c}` }, timestamp: new Date().toISOString(),
  })
}

let server = await startServer(env, base)
const started = performance.now()
let acknowledged = 0
let retries = 0
let next = 0
async function worker (): Promise<void> {
  for (let i = next++; i < total; i = next++) {
    const body = activity(i)
    for (;;) { // the connector posts an activity again until the bot acknowledges it
      try {
        const res = await fetch(`${base}/channels/botframework/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        await res.arrayBuffer()
        if (res.status >= 200 && res.status < 300) break
      } catch { /* connection refused or reset: the server is down */ }
      retries++
      await sleep(250)
    }
    acknowledged++
  }
}
const killer = (async () => {
  while (acknowledged < total / 2) await sleep(20)
  const killedAt = acknowledged
  await killHard(server)
  server = await startServer(env, base)
  return killedAt
})()
await Promise.all(Array.from({ length: Number(values.concurrency) }, worker))
const killedAt = await killer
const loadSeconds = (performance.now() - started) / 1000

const settled = await waitUntilSettled(database.url, 'botframework', total)
await sleep(300)
await stopGently(server) // counted at rest
const { db, close } = await openDatabase(database.url)
const inbound = await db.message.count({ where: { direction: 'inbound', channel: 'botframework' } })
const sent = await db.message.findMany({ where: { direction: 'outbound', channel: 'botframework', deliveryStatus: { in: ['sent', 'delivered', 'read'] } }, select: { text: true, providerMessageId: true, citizenId: true } })
const identities = await db.identity.findMany({ where: { kind: 'botframework' }, select: { citizenId: true, value: true } })
const answered = await db.message.count({ where: { direction: 'inbound', channel: 'botframework', processedAt: { not: null } } })
await close()

// Replies the connector took that no outbound message recorded: posted again after a crash.
const recordedIds = new Set(sent.map(m => m.providerMessageId))
const unrecorded = connector.received.filter(r => !recordedIds.has(r.id)).length
// Per conversation, what the citizen saw against what the database says it sent.
const userOf = new Map(identities.map(i => [i.citizenId, i.value.replace(/^msteams:29:user-/, '')]))
const expected = new Map<string, number>()
for (const m of sent) { const key = `a:conv-${userOf.get(m.citizenId)}|${m.text}`; expected.set(key, (expected.get(key) ?? 0) + 1) }
const seen = new Map<string, number>()
for (const r of connector.received) { const key = `${r.conversationId}|${String(r.activity.text)}`; seen.set(key, (seen.get(key) ?? 0) + 1) }
let doubled = 0
let missing = 0
for (const key of new Set([...expected.keys(), ...seen.keys()])) {
  const d = (seen.get(key) ?? 0) - (expected.get(key) ?? 0)
  if (d > 0) doubled += d; else missing -= d
}

await connector.close()
await database.drop()
console.log([
  `crash:botframework on ${values.db}: ${total} message activities from ${citizens} Teams users, ${values.concurrency} at a time, kill -9 after ${killedAt} acknowledged, ${loadSeconds.toFixed(1)} s`,
  `acknowledged ${acknowledged}, stored ${inbound} (lost ${acknowledged - inbound}), ${answered} handled, activity re-posts ${retries}`,
  `replies ${sent.length} sent in the database, ${connector.received.length} at the connector, ${doubled} posted twice, ${unrecorded} taken by the connector but not recorded as sent, ${missing} recorded as sent but never taken, ${settled.pending} left pending`,
].join('\n'))
process.exit(doubled || missing || settled.pending || acknowledged !== inbound ? 1 : 0)
