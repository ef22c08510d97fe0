// buildApp(config): everything but listening. Used by server.ts and by the tests.
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import formbody from '@fastify/formbody'
import type { Config } from './config.ts'
import { loggerOptions } from './log.ts'
import { openDatabase, type Database } from './db/client.ts'
import { storeOf } from './db/transaction.ts'
import { installErrorHandler } from './http/error-handler.ts'
import { installSchemaCompilers } from './http/schema-compilers.ts'
import { installProtections, trustProxyOf } from './http/protections.ts'
import { healthRoutes } from './http/health.ts'
import { installOpenApi } from './http/openapi.ts'
import { privacyPage } from './http/privacy-page.ts'
import { ConversationCore } from './core/conversation-core.ts'
import { turnFeatures } from './features.ts'
import type { Answerer } from './answerer.ts'
import type { ChannelAdapter, ChannelModule } from './core/channel.ts'
import { createTownData } from './town/town-data.ts'
import { createAssistant } from '../intents/assistant.ts'
import { agentChannelModules, channelModules } from '../channels/index.ts'
import type { AgentChannelModule } from './core/agent-channel.ts'
import { agentChannelContext } from './inbox/agent-channel-context.ts'
import { installAuthentication } from './auth/guard.ts'
import { authRoutes } from './auth/routes.ts'
import { inboxRoutes } from './inbox/routes.ts'
import { ticketRoutes } from './tickets/routes.ts'
import { open311Routes } from './tickets/open311/routes.ts'
import type { RouteDeps } from './http/route-deps.ts'
import { privacyRoutes } from './privacy/routes.ts'
import { applyRetention } from './privacy/retention.ts'
import { joinInstances, type Instances } from './db/instances.ts'
import { startSearchIndexer } from './db/message-search.ts'
import { Broadcaster, broadcastRate } from './alerts/broadcaster.ts'
import { alertRoutes } from './alerts/routes.ts'
import { consultationRoutes } from './consultations/routes.ts'
import { tellResults } from './consultations/close.ts'
import { ideaRoutes } from './ideas/idea-board.ts'
import { alertPages } from './alerts/pages.ts'
import { townRoutes } from './town/routes.ts'
import { unansweredRoutes } from './town/unanswered-routes.ts'
import { adminPages } from './town/admin-pages.ts'
import { startEventsFeed } from './town/ics-feed.ts'

export type BuildOptions = {
  /** Replace the channel list (tests pass adapters built from explicit configs); their settings are config.channels[name]. */
  channels?: readonly ChannelModule[]
  /** Replace the agents' channel list (Slack). */
  agentChannels?: readonly AgentChannelModule[]
  answerer?: Answerer
  /** An already opened database (tests share one). */
  database?: Database
}

export type App = {
  app: FastifyInstance
  core: ConversationCore
  broadcaster: Broadcaster
  database: Database
  config: Config
  /** Which channels are on, in registry order. */
  channelStatus: { name: string, on: boolean }[]
  /** Whether this instance does the once-only background work (mailbox, sweeps): always on SQLite. */
  isLeader (): boolean
  /** Starts the background work: outbox, pending turns, channel watchers. */
  start (): Promise<void>
  close (): Promise<void>
}

// Training takes a few seconds: once per process and ticket prefix, however many apps are built.
const assistants = new Map<string, Answerer>()
function sharedAssistant (ticketPrefix: string): Answerer {
  let assistant = assistants.get(ticketPrefix)
  if (!assistant) assistants.set(ticketPrefix, assistant = createAssistant({ ticketPrefix }))
  return assistant
}

export async function buildApp (config: Config, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOf(config),
    // Open311 clients send thousands of ids in one GET (FixMyStreet's update script, issue 17):
    // 10,000 references take about 170 kB of URL, past Node's 16 kB default (a 431).
    http: { maxHeaderSize: 256 * 1024 },
    // One line per request only when debugging: at 2,000 messages/s it would be most of the work.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  })
  installSchemaCompilers(app)
  installErrorHandler(app)
  await installOpenApi(app, config.publicUrl)
  await app.register(formbody)
  const database = options.database ?? await openDatabase(config.databaseUrl)
  const { db } = database
  // Routes and services get the database as an opaque Store: they reach it through src/db's repositories.
  const store = storeOf(db)
  await installProtections(app, config, store)
  const townData = createTownData(store, config)
  const core = new ConversationCore({
    db,
    answerer: options.answerer ?? sharedAssistant(config.ticketPrefix),
    townData,
    features: turnFeatures({ ticketPrefix: config.ticketPrefix, timeZone: config.timeZone, publicUrl: config.publicUrl }),
    retry: config.outbox,
    outboxPollMs: config.outbox.pollMs,
    pace: (channel, kind) => broadcastRate(config.broadcastPace, channel, kind),
    log: app.log,
  })

  healthRoutes(app, store)
  privacyPage(app, config.townName)
  installAuthentication(app, store)
  const routeDeps: RouteDeps = { store, core, config, provider: database.provider }
  await app.register(authRoutes, { store, config })
  await app.register(inboxRoutes, routeDeps)
  await app.register(ticketRoutes, routeDeps)
  await app.register(open311Routes, routeDeps)
  await app.register(privacyRoutes, routeDeps)
  const broadcaster = new Broadcaster({ store, config, channels: core.channels, wake: () => core.outbox.wake(), log: app.log })
  await app.register(alertRoutes, { ...routeDeps, broadcaster })
  await app.register(consultationRoutes, { ...routeDeps, broadcaster })
  await app.register(ideaRoutes, routeDeps)
  await app.register(alertPages)
  await app.register(townRoutes, { ...routeDeps, townData })
  await app.register(unansweredRoutes, { ...routeDeps, townData })
  await app.register(adminPages)

  const channelStatus: App['channelStatus'] = []
  const started: ChannelAdapter[] = []
  // The settings were read and checked by loadConfig, before the database was opened.
  const channelDeps = { log: app.log, publicUrl: config.publicUrl }
  for (const module of options.channels ?? channelModules) {
    const settings = settingsOf(config, module.name)
    const adapter = settings === undefined ? undefined : await module.create(settings, channelDeps)
    channelStatus.push({ name: module.name, on: Boolean(adapter) })
    if (!adapter) continue
    core.channels.set(adapter.name, adapter)
    const ctx = core.contextFor(adapter, app.log.child({ channel: adapter.name }))
    if (adapter.routes) await app.register(adapter.routes, { prefix: `/channels/${adapter.name}`, ctx })
    if (adapter.pages) await app.register(adapter.pages, { publicUrl: config.publicUrl, privacyUrl: config.privacyUrl, townName: config.townName })
    started.push(adapter)
  }
  for (const module of options.agentChannels ?? agentChannelModules) {
    const settings = settingsOf(config, module.name)
    const agentChannel = settings === undefined ? undefined : await module.create(settings, channelDeps)
    channelStatus.push({ name: module.name, on: Boolean(agentChannel) })
    if (agentChannel?.routes) {
      const ctx = agentChannelContext(store, core, module.name, app.log.child({ channel: module.name }))
      await app.register(agentChannel.routes, { prefix: `/channels/${module.name}`, ctx })
    }
  }

  let retentionTimer: NodeJS.Timeout | undefined
  let resultsTimer: NodeJS.Timeout | undefined
  let resumeTimer: NodeJS.Timeout | undefined
  let eventsFeed: ReturnType<typeof startEventsFeed> | undefined
  let instances: Instances | undefined
  let searchIndexer: { stop (): Promise<void> } | undefined
  // Once across instances (issue 19): the mailbox reader (adapters' start), the daily sweep, the
  // consultations' results, the resumption of broadcast plans and the town's events feed run on
  // the leader only.
  const leaderWork = {
    async start () {
      const sweep = () => applyRetention(store, config.retentionMonths).catch(err => app.log.error({ err }, 'retention sweep failed'))
      retentionTimer = setInterval(sweep, 24 * 3_600_000).unref()
      void sweep()
      // Consultations that closed by themselves: tell the citizens who asked for the result.
      const tell = () => tellResults(store, config, undefined, new Date()).then(n => { if (n) core.outbox.wake() }, err => app.log.error({ err }, 'consultation results failed'))
      resultsTimer = setInterval(tell, 60_000).unref()
      if (config.eventsIcsUrl) {
        eventsFeed = startEventsFeed({ store: store, url: config.eventsIcsUrl, minutes: config.eventsIcsPollMinutes, timeZone: config.timeZone, log: app.log, onChange: () => townData.invalidate() })
      }
      // The mailbox first: a new leader reads it at once, whatever else it has to take over.
      for (const adapter of started) await adapter.start?.(core.contextFor(adapter, app.log.child({ channel: adapter.name })))
      // Broadcast plans a stop interrupted, or whose instance died (their lease ran out: issue 20).
      const resume = () => broadcaster.resume().catch(err => app.log.error({ err }, 'broadcast: resuming plans failed'))
      resumeTimer = setInterval(resume, 60_000).unref()
      void resume()
    },
    async stop () {
      clearInterval(retentionTimer)
      clearInterval(resultsTimer)
      clearInterval(resumeTimer)
      await eventsFeed?.stop()
      eventsFeed = undefined
      for (const adapter of started) await adapter.stop?.()
    },
  }
  return {
    app,
    core,
    broadcaster,
    database,
    config,
    channelStatus,
    isLeader: () => instances?.isLeader() ?? false,
    async start () {
      core.outbox.start()
      if (database.provider === 'sqlite') searchIndexer = startSearchIndexer(store, err => app.log.error({ err }, 'search index: indexing new messages failed'))
      await core.resumeUnprocessed()
      instances = await joinInstances(config.databaseUrl, database, core.live, leaderWork, app.log)
    },
    async close () {
      await instances?.close()
      await app.close()
      await core.idle()
      await broadcaster.idle()
      await core.outbox.stop()
      await searchIndexer?.stop()
      if (!options.database) await database.close()
    },
  }
}

function settingsOf (config: Config, channel: string): unknown {
  // A programming error (a channel list that loadConfig was not given), not a setting to report.
  if (!(channel in config.channels)) throw new Error(`channel ${channel}: its settings were not read by loadConfig (pass the same channel list to both)`)
  return config.channels[channel]
}
