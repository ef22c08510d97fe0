// GET /api/dashboard (figures of a period), /api/dashboard/drill-down (the rows behind a figure),
// /api/dashboard.csv?chart= (one chart's data), for managers. Reads only MetricEvent and open tickets.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { recordAudit } from '../../auth/audit.ts'
import { toCsv } from '../search/csv.ts'
import { parsePeriod } from './period.ts'
import { dashboardFigures } from './figures.ts'
import { drillDown, parseDrillFilters } from './drill-down.ts'
import { chartRows, parseChart } from './chart-csv.ts'

type Query = { Querystring: Record<string, unknown> }

export const dashboardRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db }) => {
  const manager = { preHandler: requireRole('manager') }

  app.get<Query>('/api/dashboard', manager, async (request) => dashboardFigures(db, parsePeriod(request.query)))

  app.get<Query>('/api/dashboard/drill-down', manager, async (request) => {
    const period = parsePeriod(request.query)
    return drillDown(db, period, parseDrillFilters(request.query))
  })

  app.get<Query>('/api/dashboard.csv', manager, async (request, reply) => {
    const chart = parseChart(request.query.chart)
    const period = parsePeriod(request.query)
    const { header, rows } = chartRows(await dashboardFigures(db, period), chart)
    await recordAudit(db, { actorId: request.agent!.id, action: 'dashboard.exported', detail: { chart, rows: rows.length } })
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${chart}-${period.from}-${period.to}.csv"`)
      .send(toCsv(header, rows))
  })
}
