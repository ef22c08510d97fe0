// npm run bench -- --only twilio | botframework | email (issue 19, item 4): each channel's inbound
// path under load against the real app (its own process, fresh SQLite, the channel turned on by its
// environment), with every reply going out through the outbox to a local stand-in:
// - Twilio: signed SMS webhooks, closed loop; replies reach the Twilio API stand-in;
// - Bot Framework: message activities (authentication off, as with the Emulator), closed loop;
//   replies reach the local connector stand-in;
// - email: mails already waiting in a real Dovecot mailbox when the app starts, read over IMAP,
//   answered over SMTP to a real smtp-server.
// Each prints messages/s, p50/p99, app CPU per message, and a bare comparison in the same run
// (a bare fastify route for the webhooks; for email the same IMAP round trips without the app).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ImapFlow } from 'imapflow'
import { child, fmt, request, type Drained } from './webchat.ts'
import { driveRequests, type RequestLoadResult, type WebhookRequest } from './request-load.ts'
import { percentile } from './load-client.ts'
import { nowMs } from './clock.ts'
import { incomingSms, startTwilioApi, twilioEnv, twilioSignature, TEST_PUBLIC_URL } from '../stand-ins/twilio-api.ts'
import { startBotFrameworkConnector } from '../stand-ins/botframework-connector.ts'
import { isDovecotInstalled, startDovecot } from '../helpers/dovecot.ts'
import { startSmtpSink } from '../helpers/smtp-sink.ts'
import { buildMail } from '../helpers/email-mail.ts'

export type ChannelBenchOptions = { citizens: number, connections: number, durationMs: number, warmupMs: number, mails: number }

const TEXTS = ['bonjour', 'quels sont les horaires de la mairie ?', 'quel est le menu de la cantine demain ?', 'merci beaucoup', 'quels événements ce week-end ?', 'hello, what are the opening hours of the town hall?']
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

type Apps = Awaited<ReturnType<typeof startApps>>

async function startApps (env: NodeJS.ProcessEnv, withBare = true) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-channel-'))
  const [app, bare] = await Promise.all([
    child('webchat-server.ts', { BENCH_DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, ...env }),
    withBare ? child('bare-server.ts') : Promise.resolve(undefined),
  ])
  return {
    app,
    bare,
    async stop () {
      for (const c of [app, bare]) {
        if (!c) continue
        const exited = new Promise(resolve => c.proc.once('exit', resolve))
        c.proc.send({ type: 'stop' })
        await Promise.race([exited, sleep(5000)])
        c.proc.kill()
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A webhook channel: warm-up (first contacts), the bare route, then the app in a closed loop. */
async function webhookBench (label: string, apps: Apps, build: (n: number) => WebhookRequest, options: ChannelBenchOptions, sentAtStandIn: () => number): Promise<string[]> {
  const closed = { durationMs: options.durationMs, connections: options.connections }
  let n = 0
  const counted = (r: RequestLoadResult & { sent: number }) => { n += r.sent; return r }
  // Warm-up: every citizen's first contact (a citizen, an identity, the assistant notice), then JIT and caches.
  counted(await driveRequests(apps.app.url, { ...closed, durationMs: 10 * 60_000, count: options.citizens }, build, n))
  counted(await driveRequests(apps.app.url, { ...closed, durationMs: options.warmupMs }, build, n))
  await request<Drained>(apps.app.proc, 'drain', 'drained')
  await driveRequests(apps.bare!.url, { ...closed, durationMs: options.warmupMs }, build, 1e9)
  const bare = await driveRequests(apps.bare!.url, closed, build, 2e9)
  const before = sentAtStandIn()
  const load = counted(await driveRequests(apps.app.url, closed, build, n))
  const drained = await request<Drained>(apps.app.proc, 'drain', 'drained')
  const fullPath = drained.replied.map(([, at, storedAt]) => at - storedAt)
  const perSecond = load.accepted / (load.elapsedMs / 1000)
  const barePerSecond = bare.accepted / (bare.elapsedMs / 1000)
  await sleep(200)
  const everyAnswered = drained.answered === drained.inbound && drained.outboxPending === 0
  return [
    `${label} (SQLite, real app on 127.0.0.1, one process for the app, one for the load and the stand-in)`,
    `  bare fastify route   ${fmt(barePerSecond, 0)} requests/s, p50 ${fmt(percentile(bare.latencies, 50), 2)} ms, p99 ${fmt(percentile(bare.latencies, 99), 2)} ms (${options.connections} connections)`,
    `  closed loop, ${options.connections} connections, ${options.citizens} citizens`,
    `    accepted            ${load.accepted} in ${fmt(load.elapsedMs / 1000, 2)} s = ${fmt(perSecond, 0)} messages/s (refused ${load.refused}, errors ${load.errors}); ${fmt(perSecond / barePerSecond * 100, 1)} % of the bare route`,
    `    webhook latency     p50 ${fmt(percentile(load.latencies, 50), 2)} ms, p99 ${fmt(percentile(load.latencies, 99), 2)} ms`,
    `    full path           p50 ${fmt(percentile(fullPath, 50), 2)} ms, p99 ${fmt(percentile(fullPath, 99), 2)} ms (message stored → reply committed to the outbox)`,
    `    answered            ${fullPath.length} of ${load.accepted} accepted; ${sentAtStandIn() - before} replies taken by the stand-in during and after the loop`,
    `    app CPU             ${fmt(drained.cpuMs / Math.max(1, load.accepted), 3)} ms per message (user + system: webhook, storage, answer, outbox send)`,
    `  database at the end: ${drained.inbound} inbound, ${drained.processed} handled, ${drained.answered} answered, ${drained.outbound} replies, ${drained.outboxPending} still pending in the outbox`,
    `  goals: ≥ 1000 accepted/s ${perSecond >= 1000 ? 'met' : 'NOT met'}; every message answered through the outbox ${everyAnswered ? 'met' : 'NOT met'}`,
  ]
}

export async function benchTwilio (options: ChannelBenchOptions): Promise<string[]> {
  const api = await startTwilioApi()
  const apps = await startApps({ ...twilioEnv(api), BENCH_PUBLIC_URL: TEST_PUBLIC_URL })
  try {
    const path_ = '/channels/twilio/messages'
    const build = (n: number): WebhookRequest => {
      const params = incomingSms(`+3361${String(n % options.citizens).padStart(7, '0')}`, TEXTS[n % TEXTS.length])
      return { path: path_, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(path_, params) }, body: new URLSearchParams(params).toString() }
    }
    return await webhookBench('Twilio signed SMS webhooks', apps, build, options, () => api.sent.length)
  } finally {
    await apps.stop()
    await api.close()
  }
}

export async function benchBotFramework (options: ChannelBenchOptions): Promise<string[]> {
  const connector = await startBotFrameworkConnector()
  const apps = await startApps({ BOTFRAMEWORK_AUTH: 'disabled' })
  const runId = Math.random().toString(36).slice(2, 10)
  try {
    const build = (n: number): WebhookRequest => {
      const c = n % options.citizens
      return {
        path: '/channels/botframework/messages',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message', id: `act-${runId}-${n}`, text: TEXTS[n % TEXTS.length], channelId: 'msteams', serviceUrl: `${connector.url}/`,
          from: { id: `29:user-${c}`, name: `Citoyen ${c}` }, recipient: { id: '28:bot', name: 'Mairie' }, conversation: { id: `a:conv-${c}` }, timestamp: new Date().toISOString(),
        }),
      }
    }
    return await webhookBench('Bot Framework message activities', apps, build, options, () => connector.received.length)
  } finally {
    await apps.stop()
    await connector.close()
  }
}

/** Mails waiting in the mailbox when the app starts: how fast it stores, answers and sends them. */
export async function benchEmail (options: ChannelBenchOptions): Promise<string[]> {
  if (!isDovecotInstalled) return ['email: skipped, Dovecot is not installed (apt-get install dovecot-imapd)']
  const dovecot = await startDovecot()
  const sink = await startSmtpSink()
  const imap = { host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false as const }
  let apps: Apps | undefined
  try {
    const appender = new ImapFlow(imap)
    await appender.connect()
    const appendStart = nowMs()
    for (let i = 0; i < options.mails; i++) {
      const c = i % options.citizens
      const { raw } = await buildMail({ from: `Citoyen ${c} <citoyen-${c}@citoyen.example>`, subject: `Question ${i}`, text: TEXTS[i % TEXTS.length] })
      await appender.append('INBOX', raw, [], new Date())
    }
    const appendSeconds = (nowMs() - appendStart) / 1000
    await appender.logout()

    apps = await startApps({
      IMAP_HOST: dovecot.host, IMAP_PORT: String(dovecot.port), IMAP_SECURE: 'false', IMAP_USER: dovecot.user, IMAP_PASSWORD: dovecot.password,
      SMTP_URL: sink.url, MAIL_FROM: 'Mairie de Belleville <mairie@ville.example>', EMAIL_MAX_AUTO_REPLIES_PER_HOUR: '1000',
    }, false)
    const { startedAt } = apps.app
    let storedAt = Number.NaN
    for (let deadline = Date.now() + 30 * 60_000; Date.now() < deadline;) {
      const counts = await request<{ inbound: number, processed: number }>(apps.app.proc, 'count', 'counted')
      if (counts.processed >= options.mails) { storedAt = nowMs(); break }
      await sleep(200)
    }
    for (let deadline = Date.now() + 10 * 60_000; sink.received.length < options.mails && Date.now() < deadline;) await sleep(200)
    const drained = await request<Drained>(apps.app.proc, 'drain', 'drained')
    const fullPath = drained.replied.map(([, at, stored]) => at - stored)
    const lastReply = Math.max(...drained.replied.map(([, at]) => at))
    const lastSent = sink.receivedAt.at(-1) ?? Number.NaN
    await apps.stop()
    apps = undefined

    // The same IMAP round trips the watcher makes per mail (fetch the source, flag it), without the app.
    const bare = new ImapFlow(imap)
    await bare.connect()
    const lock = await bare.getMailboxLock('INBOX')
    const uids = (await bare.search({ all: true }, { uid: true })) || []
    const bareStart = nowMs()
    for (const uid of uids) {
      await bare.fetchOne(String(uid), { source: true }, { uid: true })
      await bare.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true })
    }
    const bareSeconds = (nowMs() - bareStart) / 1000
    lock.release()
    await bare.logout()

    const storedPerSecond = options.mails / ((storedAt - startedAt) / 1000)
    const sentPerSecond = sink.received.length / ((lastSent - startedAt) / 1000)
    return [
      `email: ${options.mails} mails from ${options.citizens} citizens waiting in a Dovecot mailbox when the app starts (SQLite; IMAP in, SMTP out to smtp-server)`,
      `  delivered beforehand by IMAP APPEND in ${fmt(appendSeconds, 1)} s (${fmt(options.mails / appendSeconds, 0)} mails/s)`,
      `  bare IMAP reader     ${fmt(uids.length / bareSeconds, 0)} mails/s (fetch source + flag \\Seen per mail, one connection, no app)`,
      `  stored and handled   ${fmt(storedPerSecond, 0)} mails/s (app start → last mail stored and its turn done); last reply committed after ${fmt((lastReply - startedAt) / 1000, 1)} s`,
      `  sent over SMTP       ${sink.received.length} replies, ${fmt(sentPerSecond, 0)} mails/s (app start → last reply taken by the SMTP server)`,
      `  full path           p50 ${fmt(percentile(fullPath, 50), 2)} ms, p99 ${fmt(percentile(fullPath, 99), 2)} ms (mail stored → reply committed to the outbox)`,
      `  app CPU             ${fmt(drained.cpuMs / options.mails, 3)} ms per mail (user + system: IMAP, parsing, storage, answer, SMTP send)`,
      `  database at the end: ${drained.inbound} inbound, ${drained.processed} handled, ${drained.answered} answered, ${drained.outbound} replies, ${drained.outboxPending} still pending in the outbox`,
      `  goal: ≥ 100 mails/s processed ${storedPerSecond >= 100 ? 'met' : 'NOT met'}; every mail answered ${drained.answered === options.mails && sink.received.length >= options.mails ? 'met' : 'NOT met'}`,
    ]
  } finally {
    await apps?.stop()
    await sink.stop()
    await dovecot.stop()
  }
}
