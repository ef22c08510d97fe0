// npm run crash:email: kill -9 while the town's mailbox is being read, measured from outside
// (issue 19, item 2). A real Dovecot holds the mailbox, a real SMTP server (smtp-server) takes the
// replies, and the real server (compiled, run as `npm start` runs it) reads the mailbox over IMAP.
// Citizens' mails are dropped into the mailbox at a steady pace; once half of them are there the
// server is killed with SIGKILL, mail keeps arriving while it is down, and it is started again on
// the same database. At the end: every mail delivered is stored once and answered once, and no
// reply reaches the SMTP server twice (counted by its Message-ID, which is the outbox id).
// A mail not stored yet but still unread in the mailbox is waiting, not lost: the harness waits
// for it (--settle seconds at most; the watcher reads one mail at a time).
// Options: --mails, --citizens, --rate (mails/s), --down (ms the server stays dead), --settle, --db.
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { ImapFlow } from 'imapflow'
import { openDatabase } from '../../src/db/client.ts'
import { isDovecotInstalled, startDovecot } from '../helpers/dovecot.ts'
import { startSmtpSink } from '../helpers/smtp-sink.ts'
import { buildMail } from '../helpers/email-mail.ts'
import { freshDatabase, killHard, sleep, startServer, stopGently, waitUntilSettled } from './crash-common.ts'

const { values } = parseArgs({ options: {
  mails: { type: 'string', default: '600' }, citizens: { type: 'string', default: '200' }, rate: { type: 'string', default: '40' },
  down: { type: 'string', default: '2000' }, settle: { type: 'string', default: '600' }, db: { type: 'string', default: 'sqlite' }, port: { type: 'string', default: '3988' },
} })
if (!isDovecotInstalled) { console.error('crash:email needs Dovecot (apt-get install dovecot-imapd)'); process.exit(2) }
const total = Number(values.mails)
const port = Number(values.port)
const base = `http://127.0.0.1:${port}`
const MAIRIE = 'mairie@ville.example'
const TEXTS = ['Bonjour, à quelle heure ouvre la mairie ?', 'Bonjour', 'Quel est le menu de la cantine demain ?', 'Hello, what are the opening hours of the town hall?']

const dovecot = await startDovecot()
const sink = await startSmtpSink()
const database = await freshDatabase('crash-email', values.db!)
const env = {
  ...process.env, DATABASE_URL: database.url, PORT: String(port), LOG_LEVEL: process.env.CRASH_LOG_LEVEL ?? 'warn',
  IMAP_HOST: dovecot.host, IMAP_PORT: String(dovecot.port), IMAP_SECURE: 'false', IMAP_USER: dovecot.user, IMAP_PASSWORD: dovecot.password,
  SMTP_URL: sink.url, MAIL_FROM: `Mairie de Belleville <${MAIRIE}>`,
  // Several mails per citizen within the hour: the loop cap (5 an hour) is not what is measured here.
  EMAIL_MAX_AUTO_REPLIES_PER_HOUR: '1000',
}

// The MTA side: one IMAP connection that APPENDs each mail, as a delivery agent drops it in.
const appender = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false })
await appender.connect()

let server = await startServer(env, base)
const started = performance.now()
const delivered: string[] = []
let down = false
let deliveredWhileDown = 0
const killer = (async () => {
  while (delivered.length < total / 2) await sleep(20)
  const killedAt = delivered.length
  await killHard(server)
  down = true
  await sleep(Number(values.down))
  server = await startServer(env, base)
  down = false
  return killedAt
})()
for (let i = 0; i < total; i++) {
  const due = started + i * 1000 / Number(values.rate)
  if (performance.now() < due) await sleep(due - performance.now())
  const { raw, messageId } = await buildMail({
    from: `Citoyen ${i % Number(values.citizens)} <citoyen-${i % Number(values.citizens)}@citoyen.example>`,
    to: `Mairie <${MAIRIE}>`, subject: `Question ${i}`, text: TEXTS[i % TEXTS.length], messageId: `<crash-${i}-${randomUUID()}@citoyen.example>`,
  })
  await appender.append('INBOX', raw, [], new Date())
  delivered.push(messageId)
  if (down) deliveredWhileDown++
}
const killedAt = await killer
const loadSeconds = (performance.now() - started) / 1000
await appender.logout()

const settleStart = performance.now()
const settled = await waitUntilSettled(database.url, 'email', total, Number(values.settle) * 1000)
const settleSeconds = (performance.now() - settleStart) / 1000
await sleep(500) // the last SMTP transaction's 250 and the sink's parse
await stopGently(server) // counted at rest: what the database says and what the SMTP server got
const { db, close } = await openDatabase(database.url)
const stored = new Set((await db.message.findMany({ where: { direction: 'inbound', channel: 'email' }, select: { externalId: true } })).map(m => m.externalId))
const outbound = await db.message.count({ where: { direction: 'outbound', channel: 'email' } })
const sentRows = await db.outboxItem.count({ where: { status: 'sent' } })
await close()
const unread = (await dovecot.list()).filter(m => !m.flags.includes('\\Seen')).length
// Lost: neither stored nor still waiting unread in the mailbox (marked read by a server that never stored it).
const notStored = delivered.filter(id => !stored.has(id)).length
const lost = notStored - unread

// At the SMTP server: each reply's Message-ID is its outbox id, and In-Reply-To names the citizen's mail.
const copies = new Map<string, number>()
const repliesTo = new Map<string, Set<string>>()
for (const mail of sink.received) {
  copies.set(mail.messageId!, (copies.get(mail.messageId!) ?? 0) + 1)
  if (mail.inReplyTo) repliesTo.set(mail.inReplyTo, (repliesTo.get(mail.inReplyTo) ?? new Set()).add(mail.messageId!))
}
const sentTwice = [...copies.values()].filter(n => n > 1).length
const unanswered = delivered.filter(id => !repliesTo.has(id)).length
const answeredTwice = delivered.filter(id => (repliesTo.get(id)?.size ?? 0) > 1).length

await sink.stop()
await dovecot.stop()
await database.drop()
console.log([
  `crash:email on ${values.db}: ${total} mails from ${values.citizens} citizens dropped into a Dovecot mailbox at ${values.rate}/s, kill -9 after ${killedAt} delivered, server down ${values.down} ms (+ its start), ${deliveredWhileDown} mails delivered while it was down, ${loadSeconds.toFixed(1)} s`,
  `delivered ${total}, stored ${stored.size}, lost ${lost} (marked read, never stored), ${unread} still waiting unread in the mailbox when the harness stopped waiting`,
  `replies ${outbound} in the database, ${sentRows} sent, ${sink.received.length} mails at the SMTP server, ${sentTwice} received twice (same Message-ID), ${unanswered} mails unanswered, ${answeredTwice} answered by two different replies, ${settled.pending} left pending`,
  `waiting for everything to be answered took ${settleSeconds.toFixed(1)} s after the last delivery`,
].join('\n'))
process.exit(lost || unanswered || answeredTwice || sentTwice || settled.pending || unread ? 1 : 0)
