// GET /api/search and /api/search.csv (managers), GET /api/stats (a few figures).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../../http/route-deps.ts'
import { requireRole } from '../../auth/guard.ts'
import { recordAudit } from '../../db/audit-log.ts'
import { Readable } from 'node:stream'
import { parseSearchFilters, searchMessages, searchPages } from './search-messages.ts'
import { csvLines, csvStart } from './csv.ts'
import { conversationFigures } from './figures.ts'
import { AnyObject, errors, fileResponse, TAGS } from '../../http/schemas.ts'

const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ description: 'Words to find in messages' })),
  channel: Type.Optional(Type.String({ description: 'webchat | twilio | email | botframework' })),
  status: Type.Optional(Type.String({ description: 'open | closed (the conversation)' })),
  intent: Type.Optional(Type.String({ description: 'An intent id' })),
  agent: Type.Optional(Type.String({ description: 'An agent id' })),
  from: Type.Optional(Type.String({ description: 'YYYY-MM-DD or an ISO date-time' })),
  to: Type.Optional(Type.String({ description: 'YYYY-MM-DD (inclusive) or an ISO date-time' })),
})
const tags = [TAGS.managers]

const CSV_COLUMNS = ['messageId', 'createdAt', 'conversationId', 'citizenId', 'citizenName', 'channel', 'direction', 'author', 'agentName', 'intent', 'status', 'text'] as const

export const searchRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store, provider, config }) => {
  const manager = { preValidation: requireRole('manager') }

  app.get('/api/search', { ...manager, schema: { summary: 'Search conversations\' messages (managers; 500 at most)', tags, querystring: SearchQuery, response: { 200: Type.Object({ results: Type.Array(AnyObject('A matching message with its conversation and citizen')) }), ...errors } } }, async (request) => {
    const filters = parseSearchFilters(request.query)
    const results = await searchMessages(store, provider, filters)
    return { results }
  })

  app.get('/api/search.csv', { ...manager, schema: { summary: 'The same search as CSV rows: every match, streamed (audited)', tags, querystring: SearchQuery, produces: ['text/csv'], response: fileResponse(`CSV: ${CSV_COLUMNS.join(', ')}`) } }, async (request, reply) => {
    const filters = parseSearchFilters(request.query)
    const actorId = request.agent!.id
    // Every match, one page at a time: each page is written out before the next is read, and the
    // reply waits for the client to take it (backpressure), so memory does not grow with the export.
    async function * csv () {
      let rows = 0
      let complete = false
      try {
        yield csvStart([...CSV_COLUMNS])
        for await (const page of searchPages(store, provider, filters, { pageSize: config.searchExportPageSize })) {
          rows += page.length
          yield csvLines(page.map(r => CSV_COLUMNS.map(c => r[c])))
        }
        complete = true
      } finally {
        // An export takes personal data out of the system: it is audited (without the query
        // text), with the rows that left, also when the client went away before the end.
        await recordAudit(store, { actorId, action: 'search.exported', detail: complete ? { rows } : { rows, complete } })
          .catch(error => request.log.error({ err: error }, 'search export: audit failed'))
      }
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="recherche.csv"')
      .send(Readable.from(csv(), { objectMode: false }))
  })

  app.get('/api/stats', { ...manager, schema: { summary: 'Figures for managers', tags, response: { 200: AnyObject('Conversation figures'), ...errors } } }, async () => conversationFigures(store))
}
