// GET /api/search and /api/search.csv (managers), GET /api/stats (a few figures).
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { recordAudit } from '../../auth/audit.ts'
import { Readable } from 'node:stream'
import { parseSearchFilters, searchMessages, searchPages } from './search-messages.ts'
import { csvLines, csvStart } from './csv.ts'
import { conversationFigures } from './figures.ts'

const CSV_COLUMNS = ['messageId', 'createdAt', 'conversationId', 'citizenId', 'citizenName', 'channel', 'direction', 'author', 'agentName', 'intent', 'status', 'text'] as const

export const searchRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, provider, config }) => {
  const manager = { preHandler: requireRole('manager') }

  app.get('/api/search', manager, async (request) => {
    const filters = parseSearchFilters(request.query as Record<string, unknown>)
    const results = await searchMessages(db, provider, filters)
    return { results }
  })

  app.get('/api/search.csv', manager, async (request, reply) => {
    const filters = parseSearchFilters(request.query as Record<string, unknown>)
    const actorId = request.agent!.id
    // Every match, one page at a time: each page is written out before the next is read, and the
    // reply waits for the client to take it (backpressure), so memory does not grow with the export.
    async function * csv () {
      let rows = 0
      let complete = false
      try {
        yield csvStart([...CSV_COLUMNS])
        for await (const page of searchPages(db, provider, filters, { pageSize: config.searchExportPageSize })) {
          rows += page.length
          yield csvLines(page.map(r => CSV_COLUMNS.map(c => r[c])))
        }
        complete = true
      } finally {
        // An export takes personal data out of the system: it is audited (without the query
        // text), with the rows that left, also when the client went away before the end.
        await recordAudit(db, { actorId, action: 'search.exported', detail: complete ? { rows } : { rows, complete } })
          .catch(error => request.log.error({ err: error }, 'search export: audit failed'))
      }
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="recherche.csv"')
      .send(Readable.from(csv(), { objectMode: false }))
  })

  app.get('/api/stats', manager, async () => conversationFigures(db))
}
