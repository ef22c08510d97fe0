// Broadcasts (issue 20): preview, create, plan into the outbox, cancel, report progress.
//
// Planning writes one Message + OutboxItem per recipient through the existing outbox, in chunks,
// each chunk its own short transaction. On SQLite a worker thread with its own connection reads
// the subscribers and builds and writes the rows (plan-thread.ts): the app's event loop only sorts
// the audience, and lends its connection for each chunk's writes, so conversations keep flowing.
// On PostgreSQL (or an in-memory SQLite) the plan runs here, yielding between chunks.
// Pace is planned, not throttled: each sender's rows get send times PACE apart
// (BROADCAST_TWILIO_MPS…), so the outbox worker, which sends what is due, keeps the pace even
// across restarts and instances. Quiet hours move SMS/WhatsApp rows to the morning unless urgent.
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { inTransaction, type Store } from '../db/transaction.ts'
import { ownSqliteFor } from '../db/own-sqlite.ts'
import { subscribersOfTopic } from '../db/alert-subscriptions.ts'
import { findAlertTopic } from '../db/alert-topics.ts'
import {
  broadcastStatusOf, cancelBroadcast, databaseKind, claimPlanLease, createBroadcast, findBroadcast, finishPlan, plannedIdentities, plansToResume, writePlanChunk,
} from '../db/broadcasts.ts'
import type { ChannelAdapter } from '../core/channel.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { selectAudience, type Audience, type Recipient } from './audience.ts'
import { unsubscribeSecret } from './unsubscribe-token.ts'
import { DEFAULT_ALERT_HOURS } from './current-alerts.ts'
import { chunkRows, Pacer, type PlanContext } from './plan-rows.ts'
import { PlanThread } from './plan-thread.ts'

export { broadcastRate } from './plan-rows.ts'

// Recipients written per transaction. In the app's process: on PostgreSQL a round trip per
// statement, so large. By the worker: the app's connection is lent for each chunk's writes, so
// small enough that a conversation's turn never waits long behind one.
const CHUNK = { postgresql: 2_500, sqlite: 1_000, worker: 500 } as const
// A plan's lease (Broadcast.plannerId/plannerUntil), renewed at every chunk: while it runs, no
// other instance plans that broadcast; once a dead instance's lease has run out, the leader's
// resume takes the plan over.
const LEASE_MS = 60_000

export type BroadcastInput = {
  kind: 'alert' | 'consultation'
  topic: string
  text: { fr: string, en: string }
  urgent: boolean
  sendAt?: Date
  endsAt?: Date
  zone?: string
  consultationId?: string
  createdById?: string
}

export type BroadcastSummary = { id?: string, recipients: Record<string, number>, excluded: Record<string, number>, held: Record<string, number> }

export type BroadcasterDeps = {
  store: Store
  config: Pick<Config, 'timeZone' | 'quietHours' | 'broadcastPace' | 'publicUrl' | 'townName'> & { alertsSecret?: string, databaseUrl?: string }
  channels: ReadonlyMap<string, ChannelAdapter>
  /** Something was enqueued: the outbox worker drains now. */
  wake: () => void
  log: FastifyBaseLogger
  now?: () => Date
}

export class Broadcaster {
  readonly #deps: BroadcasterDeps
  readonly #running = new Set<Promise<void>>()
  readonly #cancelled = new Set<string>()
  /** This process's name on the leases it holds. */
  readonly #plannerId = randomUUID()

  constructor (deps: BroadcasterDeps) {
    this.#deps = deps
  }

  #now (): Date { return this.#deps.now?.() ?? new Date() }

  async preview (input: BroadcastInput): Promise<BroadcastSummary> {
    const thread = this.#thread()
    try {
      const audience = await this.#audience(input, thread)
      return { recipients: audience.counts, excluded: audience.excluded, held: audience.held }
    } finally {
      await thread?.close()
    }
  }

  /** Records the broadcast with its preview figures and plans it in the background. */
  async create (input: BroadcastInput): Promise<BroadcastSummary & { id: string }> {
    const now = this.#now()
    const thread = this.#thread()
    try {
      // In this process (no planner thread), the subscribers' conversations are read with them, for the plan.
      const conversations = thread ? undefined : new Map<string, string>()
      const audience = await this.#audience(input, thread, conversations)
      const sendAt = input.sendAt && input.sendAt > now ? input.sendAt : now
      const endsAt = input.endsAt ?? (input.kind === 'alert' ? new Date(sendAt.getTime() + DEFAULT_ALERT_HOURS * 3_600_000) : undefined)
      const row = await createBroadcast(this.#deps.store, {
        kind: input.kind, topic: input.topic, textFr: input.text.fr, textEn: input.text.en, zone: input.zone ?? null, urgent: input.urgent,
        sendAt, endsAt: endsAt ?? null, consultationId: input.consultationId ?? null, createdById: input.createdById ?? null,
        recipients: JSON.stringify(audience.counts), excluded: JSON.stringify(audience.excluded), held: JSON.stringify(audience.held), createdAt: now,
        plannerId: this.#plannerId, plannerUntil: new Date(now.getTime() + LEASE_MS),
      })
      this.#track(this.#plan(row.id, audience.recipients, thread, conversations))
      return { id: row.id, recipients: audience.counts, excluded: audience.excluded, held: audience.held }
    } catch (error) {
      await thread?.close()
      throw error
    }
  }

  /**
   * Plans again what a stop interrupted (broadcasts left in 'planning' whose lease has run out),
   * skipping who already has their row. The leader runs it at its start and every minute; the
   * lease is claimed first, so two instances never plan the same broadcast at once.
   */
  async resume (): Promise<void> {
    const now = this.#now()
    const left = await plansToResume(this.#deps.store, now)
    for (const b of left) {
      if (!await this.#claim(b.id)) continue
      const thread = this.#thread()
      try {
        const conversations = thread ? undefined : new Map<string, string>()
        const audience = await this.#audience({ kind: b.kind as BroadcastInput['kind'], topic: b.topic, text: { fr: b.textFr, en: b.textEn }, urgent: b.urgent, sendAt: b.sendAt, zone: b.zone ?? undefined }, thread, conversations)
        this.#track(this.#plan(b.id, audience.recipients, thread, conversations))
      } catch (error) {
        await thread?.close()
        throw error
      }
    }
  }

  /** Takes the plan's lease if it is free or run out (one UPDATE: on PostgreSQL the second of two racing instances finds it taken). */
  async #claim (id: string): Promise<boolean> {
    const now = this.#now()
    return claimPlanLease(this.#deps.store, { id, plannerId: this.#plannerId, until: new Date(now.getTime() + LEASE_MS), now })
  }

  /** Stops what has not left yet; rows already handed to a provider finish their send. */
  async cancel (id: string): Promise<{ cancelled: number }> {
    const status = await broadcastStatusOf(this.#deps.store, id)
    if (!status) throw new AppError('not_found', 'No such broadcast')
    if (status === 'cancelled') return { cancelled: 0 }
    if (status === 'done') throw new AppError('conflict', 'This broadcast has already gone out')
    this.#cancelled.add(id)
    return { cancelled: await cancelBroadcast(this.#deps.store, id, this.#now()) }
  }

  /** Waits for the plans running in this process (tests, shutdown). */
  async idle (): Promise<void> {
    while (this.#running.size) await Promise.all([...this.#running])
  }

  #track (work: Promise<void>): void {
    const tracked = work.catch(err => this.#deps.log.error({ err }, 'broadcast: planning failed')).finally(() => this.#running.delete(tracked))
    this.#running.add(tracked)
  }

  /** A planner thread with its own connection, on an SQLite file; undefined: plan in this process. */
  #thread (): PlanThread | undefined {
    const own = ownSqliteFor(this.#deps.store, this.#deps.config.databaseUrl)
    return own && new PlanThread(own.file, own.lock, own.waiting)
  }

  /** `conversations`, when given (a plan in this process), receives each subscriber's conversation. */
  async #audience (input: BroadcastInput, thread?: PlanThread, conversations?: Map<string, string>): Promise<Audience> {
    const { store, config, channels } = this.#deps
    const topic = await findAlertTopic(store, input.topic)
    if (!topic) throw new AppError('validation_failed', `Unknown alert topic "${input.topic}"`)
    const now = this.#now()
    const subscribers = thread ? await thread.subscribers(input.topic) : await subscribersOfTopic(store, input.topic, conversations)
    return selectAudience(subscribers, {
      urgent: input.urgent,
      sendAt: input.sendAt && input.sendAt > now ? input.sendAt : now,
      timeZone: config.timeZone,
      quietHours: config.quietHours,
      reaches: (channel, to, lastInboundAt, at) => {
        const adapter = channels.get(channel)
        if (!adapter) return 'channel_off'
        return adapter.reaches ? adapter.reaches(to, lastInboundAt, at) : true
      },
    }, input.zone)
  }

  async #context (broadcastId: string): Promise<PlanContext> {
    const { store, config } = this.#deps
    const broadcast = await findBroadcast(store, broadcastId)
    const topic = broadcast && await findAlertTopic(store, broadcast.topic)
    if (!broadcast || !topic) throw new Error(`broadcast ${broadcastId} or its topic is gone`)
    return {
      broadcastId, kind: broadcast.kind as BroadcastInput['kind'], topic: broadcast.topic, text: { fr: broadcast.textFr, en: broadcast.textEn },
      topicName: { fr: topic.nameFr, en: topic.nameEn }, sendAt: broadcast.sendAt, consultationId: broadcast.consultationId,
      secret: await unsubscribeSecret(store, config.alertsSecret), publicUrl: config.publicUrl, townName: config.townName, rates: { ...config.broadcastPace },
      plannerId: this.#plannerId, leaseMs: LEASE_MS,
    }
  }

  async #plan (broadcastId: string, recipients: Recipient[], thread?: PlanThread, conversations = new Map<string, string>()): Promise<void> {
    try {
      const ctx = await this.#context(broadcastId)
      const planned = thread ? await this.#planInThread(ctx, recipients, thread) : await this.#planHere(ctx, recipients, conversations)
      if (planned === undefined) return
      await finishPlan(this.#deps.store, { id: broadcastId, plannerId: this.#plannerId, planned })
      this.#deps.wake()
    } finally {
      await thread?.close()
    }
  }

  /** Between chunks: stopped by a cancel here, or (checked now and then) by one on another instance. */
  async #stopped (broadcastId: string, chunkIndex: number): Promise<boolean> {
    if (this.#cancelled.has(broadcastId)) return true
    if (!chunkIndex || chunkIndex % 10) return false
    return await broadcastStatusOf(this.#deps.store, broadcastId) === 'cancelled'
  }

  #lost (broadcastId: string): undefined {
    this.#deps.log.warn({ broadcastId }, 'broadcast: another instance took over the plan')
    return undefined
  }

  /** Resolves with the rows planned, or undefined when a cancel stopped it. */
  async #planInThread (ctx: PlanContext, recipients: Recipient[], thread: PlanThread): Promise<number | undefined> {
    let planned = await thread.start(ctx, recipients)
    for (let i = 0, n = 0; i < recipients.length; i += CHUNK.worker, n++) {
      if (await this.#stopped(ctx.broadcastId, n)) return undefined
      const { count, lost, writeMs } = await thread.write(i, i + CHUNK.worker, this.#now())
      if (lost) return this.#lost(ctx.broadcastId)
      planned += count
      // The first rows are due now; later chunks' rows fall due at the pace, and the outbox's
      // poll finds them (waking it at every chunk only made it look for rows not yet due).
      if (n === 0) this.#deps.wake()
      // The worker holds the app's connection at most half of the time: it waits as long as it
      // held it. On a loaded machine the writes take longer, so the plan backs off by itself.
      await new Promise(resolve => setTimeout(resolve, writeMs))
    }
    return planned
  }

  /** `existing`: the recipients' conversations, read with the audience (and added to as conversations are opened). */
  async #planHere (ctx: PlanContext, recipients: Recipient[], existing: Map<string, string>): Promise<number | undefined> {
    const { store } = this.#deps
    const done = await plannedIdentities(store, ctx.broadcastId)
    const todo = recipients.filter(r => !done.has(r.identityId))
    const pace = new Pacer(ctx.rates)
    let planned = done.size
    const onSqlite = databaseKind(store) === 'sqlite'
    const size = onSqlite ? CHUNK.sqlite : CHUNK.postgresql
    for (let i = 0, n = 0; i < todo.length; i += size, n++) {
      if (await this.#stopped(ctx.broadcastId, n)) return undefined
      const chunkStarted = performance.now()
      const now = this.#now()
      // Everything but the writes is prepared before the transaction: the writer is held only to write.
      const rows = chunkRows(ctx, todo.slice(i, i + size), existing, pace, now)
      const chunk = { broadcastId: ctx.broadcastId, plannerId: ctx.plannerId, leaseUntil: new Date(now.getTime() + ctx.leaseMs), conversations: rows.conversations, messages: rows.inputs, now }
      if (!await inTransaction(store, tx => writePlanChunk(tx, chunk))) return this.#lost(ctx.broadcastId)
      planned += rows.inputs.length
      if (n === 0) this.#deps.wake()
      // Let conversations have the writer and the event loop between two chunks. SQLite writes are
      // synchronous: pause as long as the chunk took, so a plan never takes more than half of the
      // process. PostgreSQL works in its own process: a turn of the event loop is enough.
      await new Promise(resolve => setTimeout(resolve, onSqlite ? Math.max(2, performance.now() - chunkStarted) : 0))
    }
    return planned
  }
}

