// One CSV per chart of the dashboard, the same rows as its data table.
import { AppError } from '../../errors.ts'
import type { DashboardFigures } from './figures.ts'

export const CHARTS = ['byChannel', 'byDay', 'intents', 'handoffs', 'tickets', 'backlog', 'satisfaction'] as const
export type ChartName = typeof CHARTS[number]

export function parseChart (value: unknown): ChartName {
  if (typeof value !== 'string' || !(CHARTS as readonly string[]).includes(value)) throw new AppError('validation_failed', `Parameter "chart" must be one of ${CHARTS.join(', ')}`)
  return value as ChartName
}

export function chartRows (f: DashboardFigures, chart: ChartName): { header: string[], rows: unknown[][] } {
  switch (chart) {
    case 'byChannel': return { header: ['channel', 'conversations'], rows: f.byChannel.map(r => [r.key, r.count]) }
    case 'byDay': return { header: ['day', 'channel', 'conversations'], rows: f.byDay.map(r => [r.day, r.channel, r.count]) }
    case 'intents': return { header: ['intent', 'count'], rows: f.intents.map(r => [r.key, r.count]) }
    case 'handoffs': return { header: ['reason', 'handoffs'], rows: f.handoffs.map(r => [r.key, r.count]) }
    case 'tickets': return {
      header: ['service', 'opened', 'resolved', 'median_resolution_working_seconds', 'p90_resolution_working_seconds'],
      rows: f.tickets.map(r => [r.key, r.opened, r.resolved, r.resolution.medianWorkSeconds, r.resolution.p90WorkSeconds]),
    }
    case 'backlog': return { header: ['age', 'open_tickets'], rows: f.backlog.map(r => [r.key, r.count]) }
    case 'satisfaction': return { header: ['service', 'answers', 'average'], rows: f.satisfaction.map(r => [r.key, r.answers, r.average]) }
  }
}
