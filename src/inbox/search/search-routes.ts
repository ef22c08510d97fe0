// GET /api/search and /api/search.csv (managers), GET /api/stats (a few figures).
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { recordAudit } from '../../auth/audit.ts'
import { parseSearchFilters, searchMessages } from './search-messages.ts'
import { toCsv } from './csv.ts'
import { conversationFigures } from './figures.ts'

const CSV_COLUMNS = ['messageId', 'createdAt', 'conversationId', 'citizenId', 'citizenName', 'channel', 'direction', 'author', 'agentName', 'intent', 'status', 'text'] as const

export const searchRoutes: FastifyPluginAsync<RouteDeps> = async (app, { db, provider }) => {
  const manager = { preHandler: requireRole('manager') }

  app.get('/api/search', manager, async (request) => {
    const filters = parseSearchFilters(request.query as Record<string, unknown>)
    const results = await searchMessages(db, provider, filters)
    return { results }
  })

  app.get('/api/search.csv', manager, async (request, reply) => {
    const filters = parseSearchFilters(request.query as Record<string, unknown>)
    const results = await searchMessages(db, provider, filters)
    // An export takes personal data out of the system: it is audited (without the query text).
    await recordAudit(db, { actorId: request.agent!.id, action: 'search.exported', detail: { rows: results.length } })
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="recherche.csv"')
      .send(toCsv([...CSV_COLUMNS], results.map(r => CSV_COLUMNS.map(c => r[c]))))
  })

  app.get('/api/stats', manager, async () => conversationFigures(db))
}
