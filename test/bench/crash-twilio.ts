// npm run crash:twilio: kill -9 under Twilio load, measured from outside (issue 19, item 2).
// The real server (compiled, run as `npm start` runs it) answers signed SMS webhooks from a client
// that retries each until it gets 200, as Twilio does; halfway the server is killed with SIGKILL
// and started again on the same database. At the end: every acknowledged message stored once,
// every one answered, and every reply sent to the Twilio stand-in once (counted by the outbox id
// each send's status callback URL carries). Options: --messages, --citizens, --concurrency, --db.
import { parseArgs } from 'node:util'
import { openDatabase } from '../../src/db/client.ts'
import { freshDatabase, sleep, startServer as startRealServer } from './crash-common.ts'
import { incomingSms, startTwilioApi, twilioEnv, twilioSignature, TEST_PUBLIC_URL } from '../stand-ins/twilio-api.ts'

const { values } = parseArgs({ options: {
  messages: { type: 'string', default: '1000' }, citizens: { type: 'string', default: '200' },
  concurrency: { type: 'string', default: '16' }, db: { type: 'string', default: 'sqlite' }, port: { type: 'string', default: '3987' },
} })
const total = Number(values.messages)
const port = Number(values.port)
const base = `http://127.0.0.1:${port}`


const api = await startTwilioApi()
const database = await freshDatabase('crash-twilio', values.db)
const env = { ...process.env, ...twilioEnv(api), DATABASE_URL: database.url, PORT: String(port), PUBLIC_URL: TEST_PUBLIC_URL, LOG_LEVEL: 'warn' }

const startServer = () => startRealServer(env, base)

let server = await startServer()
const started = performance.now()
let acknowledged = 0
let retries = 0
let next = 0
const path_ = '/channels/twilio/messages'
async function worker (): Promise<void> {
  for (let i = next++; i < total; i = next++) {
    const params = incomingSms(`+3361${String(i % Number(values.citizens)).padStart(7, '0')}`, i % 3 ? 'bonjour' : 'à quelle heure ouvre la mairie ?')
    const body = new URLSearchParams(params).toString()
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(path_, params) }
    for (;;) { // Twilio retries a webhook that failed
      try {
        if ((await fetch(base + path_, { method: 'POST', headers, body })).status === 200) break
      } catch { /* connection refused or reset: the server is down */ }
      retries++
      await sleep(250)
    }
    acknowledged++
  }
}
const killer = (async () => {
  while (acknowledged < total / 2) await sleep(20)
  server.kill('SIGKILL')
  await new Promise(resolve => server.once('exit', resolve))
  const killedAt = acknowledged
  server = await startServer()
  return killedAt
})()
await Promise.all(Array.from({ length: Number(values.concurrency) }, worker))
const killedAt = await killer
const loadSeconds = (performance.now() - started) / 1000

// Everything stored is answered and sent; a send cut by the kill waits for its lease (60 s) and is checked first.
const { db, close } = await openDatabase(database.url)
const deadline = Date.now() + 180_000
let pending = -1
while (Date.now() < deadline) {
  const [unprocessed, unsent] = await Promise.all([
    db.message.count({ where: { direction: 'inbound', processedAt: null } }),
    db.outboxItem.count({ where: { status: 'pending' } }),
  ])
  pending = unprocessed + unsent
  if (!pending) break
  await sleep(500)
}
const inbound = await db.message.count({ where: { direction: 'inbound', channel: 'twilio' } })
const outbound = await db.message.count({ where: { direction: 'outbound' } })
const sentRows = await db.outboxItem.count({ where: { status: 'sent' } })
const sendsPerOutbox = new Map<string, number>()
for (const s of api.sent) {
  const id = new URL(s.params.StatusCallback!).searchParams.get('outboxId')!
  sendsPerOutbox.set(id, (sendsPerOutbox.get(id) ?? 0) + 1)
}
const doubled = [...sendsPerOutbox.values()].filter(n => n > 1).length
server.kill('SIGTERM')
await new Promise(resolve => server.once('exit', resolve))
await close()
await api.close()
await database.drop()
console.log([
  `crash:twilio on ${values.db}: ${total} signed webhooks, ${values.concurrency} at a time, kill -9 after ${killedAt} acknowledged, ${loadSeconds.toFixed(1)} s`,
  `acknowledged ${acknowledged}, stored ${inbound} (lost ${acknowledged - inbound}), webhook retries ${retries}`,
  `replies ${outbound} in the database, ${sentRows} sent, ${api.sent.length} sends at Twilio, ${doubled} sent twice, ${pending} left pending, ${api.listRequests.length} checks of Twilio's Messages list`,
].join('\n'))
process.exit(doubled || pending || acknowledged !== inbound ? 1 : 0)
