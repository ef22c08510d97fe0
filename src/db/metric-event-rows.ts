// The MetricEvent repository: one small row per thing that happened, written in the transaction
// that made it happen (the figures and the rules: src/metrics/metric-events.ts).
import type { Tx } from './client.ts'
import { insertRows } from './bulk-write.ts'
import { isTransaction, sqlFor, type DbOrTx, type Transaction } from './transaction.ts'

export type MetricEventRow = {
  type: string, at: Date, day: string, channel?: string | null, serviceCode?: string | null, label?: string | null,
  conversationId?: string | null, ticketId?: string | null, agentId?: string | null, value?: number | null,
  seconds: number | null, workSeconds: number | null
}

/** What a metric is written on: a transaction, or Prisma's transaction client (src/tickets passes one until it moves to Transaction). */
export type MetricTarget = DbOrTx | Tx

export async function insertMetricEvent (on: MetricTarget, row: MetricEventRow): Promise<void> {
  await (isTransaction(on) ? on.prisma() : on as Tx).metricEvent.create({ data: row })
}

/** Many 'intent' events in one multi-row INSERT (a batch of turns). */
export async function insertIntentEvents (tx: Transaction, events: { at: Date, day: string, channel: string, label: string, conversationId: string }[]): Promise<void> {
  await insertRows(sqlFor(tx), 'MetricEvent', events.map(e => ({ type: 'intent', at: e.at, day: e.day, channel: e.channel, label: e.label, conversationId: e.conversationId })))
}
