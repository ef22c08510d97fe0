// Figures for the managers' dashboard are recorded when things happen (issue 18, LESSONS.md:
// Chatwoot records first response and resolution as events, with business-hours values beside
// raw ones). One small row per event, denormalised so each figure is one indexed range scan.
import type { Transaction } from '../db/transaction.ts'
import { insertIntentEvents, insertMetricEvent, type MetricTarget } from '../db/metric-event-rows.ts'

export type MetricType = 'conversation_opened' | 'handoff' | 'first_response' | 'ticket_opened' | 'ticket_resolved' | 'satisfaction' | 'intent'

export type MetricInput = {
  type: MetricType, at: Date, channel?: string | null, serviceCode?: string | null, label?: string | null,
  conversationId?: string | null, ticketId?: string | null, agentId?: string | null, value?: number | null,
  /** Measured from this instant to `at`: stored as seconds and as seconds inside working hours. */
  since?: Date | null
}

/** A service's working hours as the figures need them (built by src/inbox/work-clocks.ts from intents/time). */
export type WorkClock = {
  workingSeconds (from: Date, to: Date): number
  /** When people are back: 'open' now, null when unknown. */
  resume (at: Date): Date | 'open' | null
  /** False when the service keeps the town hall's hours. */
  ownHours: boolean
}
type WorkClocks = (serviceCode: string | null) => WorkClock | null

type MetricSettings = {
  timeZone: string
  /** Reads every service's working hours (its own, else the town hall's). */
  loadWorkClocks: () => Promise<WorkClocks>
}

// Set once at start by the app (src/inbox/routes.ts); until then days are Paris days and every hour counts.
let settings: MetricSettings = { timeZone: 'Europe/Paris', loadWorkClocks: async () => () => null }

// Metrics are written inside transactions: reading town data there would wait on the transaction
// itself (SQLite has one writer). The hours are kept here and refreshed in the background.
const HOURS_TTL_MS = 5_000
let hours: { clocks: WorkClocks, at: number, loading?: Promise<void> } = { clocks: () => null, at: 0 }

export async function refreshWorkingHours (): Promise<void> {
  hours.loading ??= settings.loadWorkClocks()
    .then(clocks => { hours = { clocks, at: Date.now() } })
    .catch(() => { /* keep the last known hours; the next call tries again */ })
    .finally(() => { hours.loading = undefined })
  await hours.loading
}

/** The working hours of a service's queue (null: none known, every hour counts). */
export function workClockFor (serviceCode: string | null): WorkClock | null {
  if (Date.now() - hours.at > HOURS_TTL_MS) void refreshWorkingHours()
  return hours.clocks(serviceCode)
}

export function configureMetrics (next: Partial<MetricSettings>): void {
  settings = { ...settings, ...next }
  hours = { clocks: () => null, at: 0 }
}

export function metricTimeZone (): string {
  return settings.timeZone
}

/** The calendar day of `at` in the town's time zone, as YYYY-MM-DD. */
// Building an Intl.DateTimeFormat costs far more than formatting with one: one per time zone, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>()

// The day of the last quarter hour asked about (as intents/entities/date.ts does for the town's
// day): UTC offsets, and the instants they change at, are whole quarter hours, so the day cannot
// change within one. A batch of turns records every intent at the same instant: one format per batch.
const QUARTER_HOUR_MS = 900_000
let lastDay = { quarter: Number.NaN, timeZone: '', day: '' }

export function townDay (at: Date, timeZone = settings.timeZone): string {
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS)
  if (quarter === lastDay.quarter && timeZone === lastDay.timeZone) return lastDay.day
  let format = dayFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timeZone, format)
  }
  const day = format.format(at)
  lastDay = { quarter, timeZone, day }
  return day
}

/** Seconds between two instants inside the service's working hours (the town hall's when it has none). */
export function workingSecondsFor (serviceCode: string | null, from: Date, to: Date): number {
  const clock = workClockFor(serviceCode)
  return clock ? clock.workingSeconds(from, to) : Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000))
}

export async function recordMetric (tx: MetricTarget, input: MetricInput): Promise<void> {
  const { since, ...event } = input
  const seconds = since ? Math.max(0, Math.round((input.at.getTime() - since.getTime()) / 1000)) : null
  const workSeconds = since ? workingSecondsFor(input.serviceCode ?? null, since, input.at) : null
  await insertMetricEvent(tx, { ...event, day: townDay(input.at), seconds, workSeconds })
}

/** What citizens ask, for the managers' figures: many 'intent' events in one multi-row INSERT (a batch of turns). */
export async function recordIntents (tx: Transaction, events: { at: Date, channel: string, intent: string, conversationId: string }[]): Promise<void> {
  await insertIntentEvents(tx, events.map(e => ({ at: e.at, day: townDay(e.at), channel: e.channel, label: e.intent, conversationId: e.conversationId })))
}
