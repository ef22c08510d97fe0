// GET /api/dashboard (figures of a period), /api/dashboard/drill-down (the rows behind a figure),
// /api/dashboard.csv?chart= (one chart's data), for managers. Reads only MetricEvent and open tickets.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { recordAudit } from '../../db/audit-log.ts'
import { toCsv } from '../search/csv.ts'
import { parsePeriod } from './period.ts'
import { dashboardFigures } from './figures.ts'
import { drillDown, DRILL_TYPES, parseDrillFilters } from './drill-down.ts'
import { CHARTS, chartRows, parseChart } from './chart-csv.ts'

import { AnyObject, errors, fileResponse, TAGS } from '../../http/schemas.ts'

const day = (description: string) => Type.Optional(Type.String({ description }))
const Period = { from: day('YYYY-MM-DD; default: 29 days before to'), to: day('YYYY-MM-DD, inclusive; default: today in the town') }
const text = (description: string) => Type.Optional(Type.String({ description }))
const tags = [TAGS.managers]

export const dashboardRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  const manager = { preValidation: requireRole('manager') }

  app.get('/api/dashboard', { ...manager, schema: { summary: 'Figures of a period (managers)', tags, querystring: Type.Object(Period), response: { 200: AnyObject('The dashboard\'s figures'), ...errors } } }, async (request) => dashboardFigures(store, parsePeriod(request.query)))

  app.get('/api/dashboard/drill-down', {
    ...manager,
    schema: {
      summary: 'The conversations or tickets behind one figure',
      tags,
      querystring: Type.Object({ ...Period, type: Type.String({ description: 'Which figure: ' + DRILL_TYPES.join(' | ') }), channel: text('A channel (none: without)'), label: text('An intent or a reason'), service: text('A service code'), day: text('YYYY-MM-DD'), bucket: text('A bucket of the figure') }),
      response: { 200: AnyObject('The rows behind the figure'), ...errors },
    },
  }, async (request) => {
    const period = parsePeriod(request.query)
    return drillDown(store, period, parseDrillFilters(request.query))
  })

  app.get('/api/dashboard.csv', { ...manager, schema: { summary: 'One chart\'s data as CSV (audited)', tags, produces: ['text/csv'], querystring: Type.Object({ ...Period, chart: Type.String({ description: CHARTS.join(' | ') }) }), response: fileResponse('CSV rows of the chart') } }, async (request, reply) => {
    const chart = parseChart(request.query.chart)
    const period = parsePeriod(request.query)
    const { header, rows } = chartRows(await dashboardFigures(store, period), chart)
    await recordAudit(store, { actorId: request.agent!.id, action: 'dashboard.exported', detail: { chart, rows: rows.length } })
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${chart}-${period.from}-${period.to}.csv"`)
      .send(toCsv(header, rows))
  })
}
