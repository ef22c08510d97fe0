// npm run bench: the web chat under load, then classification time per message when the intent
// layer is there. Options: --sessions, --connections, --duration (s), --rate (messages/s), --warmup (s);
// --during-broadcast [--subscribers N] adds the closed loop again during a broadcast (issue 20);
// --database <SQLite file | postgresql:// URL> runs the web chat on a filled database (a copy of
// the SQLite file; PostgreSQL as it is), e.g. one made by npm run seed:large (issue 19).
// --only twilio | botframework | email: that channel's inbound path instead (channels.ts).
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { benchWebchat } from './webchat.ts'

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '500' },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '10' },
    rate: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    'during-broadcast': { type: 'boolean', default: false },
    subscribers: { type: 'string', default: '50000' },
    database: { type: 'string' },
    citizens: { type: 'string', default: '500' },
    mails: { type: 'string', default: '10000' },
  },
})

const lines: string[] = [`bench on ${process.version}, ${(await import('node:os')).cpus().length} CPUs, ${new Date().toISOString()}`]
if (!values.only || values.only === 'webchat') {
  const result = await benchWebchat({
    sessions: Number(values.sessions),
    connections: Number(values.connections),
    durationMs: Number(values.duration) * 1000,
    rate: Number(values.rate),
    warmupMs: Number(values.warmup) * 1000,
    duringBroadcast: values['during-broadcast'] ? Number(values.subscribers) : undefined,
    database: values.database,
  })
  lines.push(...result.lines)
}
if (values.only === 'inbox') {
  // On DATABASE_URL as it is: fill it first with npm run seed:large (issue 19).
  const { benchInbox } = await import('./inbox.ts')
  lines.push(...await benchInbox())
}
if (values.only === 'twilio' || values.only === 'botframework' || values.only === 'email') {
  // Issue 19, item 4: each channel's inbound path, with --citizens (default 500) and, for email, --mails (default 10,000).
  const channels = await import('./channels.ts')
  const options = { citizens: Number(values.citizens), connections: Number(values.connections), durationMs: Number(values.duration) * 1000, warmupMs: Number(values.warmup) * 1000, mails: Number(values.mails) }
  const bench = { twilio: channels.benchTwilio, botframework: channels.benchBotFramework, email: channels.benchEmail }[values.only]
  lines.push(...await bench(options))
}
if ((!values.only || values.only === 'classify') && fs.existsSync(path.resolve('intents/assistant.ts'))) {
  const { benchClassify } = await import('./classify.ts')
  lines.push(...await benchClassify())
}
console.log(lines.join('\n'))
process.exit(0)
