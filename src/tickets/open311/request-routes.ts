// Open311 service requests: the public list with its filters, one request, and creation.
import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import type { Transaction } from '../../db/transaction.ts'
import { isUniqueViolation } from '../../db/unique-violation.ts'
import { inPrismaTransaction } from '../../db/prisma-transaction.ts'
import { addTicketFile, findCategoryWithService } from '../../db/tickets.ts'
import { readTownBbox } from '../../db/open311-requests.ts'
import type { TicketKind } from '../../domain.ts'
import { openTicket } from '../ticket-service.ts'
import { ticketTitle } from '../ticket-title.ts'
import { findApiKey } from '../api-keys.ts'
import { formatDate } from '../acknowledgement.ts'
import { sendOpen311 } from './format.ts'
import { open311BadRequest, Open311Error } from './errors.ts'
import { readPostFields, single } from './read-fields.ts'
import { readCreateRequest, type CreateRequestInput } from './read-create-request.ts'
import { readAttributes } from './service-attributes.ts'
import { findOrCreateReporter } from './find-reporter.ts'
import { readRequestFilters, ticketFilter } from './request-filters.ts'
import { listRequests } from './list-requests.ts'
import { parseFile } from './resource-path.ts'
import { fileParams, open311Schemas, postBody, routeSchema } from './schemas.ts'

// Many integrators posting at once queue on the ticket counter row: give them time to wait their turn.
const TX_LIMITS = { maxWait: 15_000, timeout: 20_000 }

export async function requestRoutes (app: FastifyInstance, { store, config }: RouteDeps): Promise<void> {
  const settings = { publicUrl: config.publicUrl, timeZone: config.timeZone }

  app.get('/requests.:format', { schema: routeSchema('List public service requests (GET requests)', open311Schemas.requestList, open311Schemas.requestsQuery) }, async (request, reply) => {
    const { format } = parseFile(`requests.${(request.params as { format: string }).format}`, 'requests')
    const filters = readRequestFilters(request.query as Record<string, unknown>, new Date())
    const found = await listRequests(store, settings, 'ids' in filters ? { ids: filters.ids } : { filter: ticketFilter(filters) })
    return sendOpen311(reply, format, 'service_requests', found)
  })

  app.get<{ Params: { file: string } }>('/requests/:file', { schema: routeSchema('One public service request', open311Schemas.requestList, undefined, fileParams) }, async (request, reply) => {
    const { name: id, format } = parseFile(request.params.file)
    const found = await listRequests(store, settings, { ids: [id] })
    if (!found.length) throw new Open311Error(404, `Unknown service_request_id ${id}`)
    return sendOpen311(reply, format, 'service_requests', found)
  })

  app.post('/requests.:format', { schema: { ...routeSchema('Create a service request (POST requests, api_key required); answers 200', open311Schemas.postResponse), consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'], body: postBody } }, async (request, reply) => {
    const { format } = parseFile(`requests.${(request.params as { format: string }).format}`, 'requests')
    const posted = await readPostFields(request)
    const apiKeyId = await findApiKey(store, single(posted.fields, 'api_key', 200))
    if (!apiKeyId) throw new Open311Error(403, 'Invalid or missing api_key: cannot create the request')
    const input = readCreateRequest(posted, config.townBbox === 'off' ? undefined : config.townBbox ?? await readTownBbox(store))
    const category = await findCategoryWithService(store, input.serviceCode)
    if (!category?.open311) throw new Open311Error(404, `Unknown service_code ${input.serviceCode}`)
    const read = readAttributes(category.code, posted.fields)
    if ('problem' in read) throw open311BadRequest(read.problem)

    const create = (tx: Transaction) => createTicket(tx, input, { code: category.code, kind: category.kind, nameFr: category.nameFr }, read.attributes, apiKeyId)
    let ticket
    try {
      ticket = await inPrismaTransaction(store, create, TX_LIMITS)
    } catch (error) {
      // Two first requests from the same new reporter at once: the second finds the first's identity.
      if (!isUniqueViolation(error)) throw error
      ticket = await inPrismaTransaction(store, create, TX_LIMITS)
    }
    request.log.info({ ticketId: ticket.id, apiKeyId }, 'open311: request created')
    const notice = `Demande reçue le ${formatDate(ticket.createdAt, 'fr', config.timeZone)}, transmise au service ${category.service.nameFr}. Référence ${ticket.reference}.`
    // 200, not 201: common mobile clients read anything else as a failure and post again (issue 17).
    return sendOpen311(reply, format, 'service_requests', [{ service_request_id: ticket.reference, service_notice: notice }], 200)
  })

  async function createTicket (tx: Transaction, input: CreateRequestInput, category: { code: string, kind: string, nameFr: string }, attributes: Record<string, string>, apiKeyId: string) {
    const now = new Date()
    const citizenId = await findOrCreateReporter(tx, input, now)
    const description = input.description ?? category.nameFr
    const { ticket } = await openTicket(tx, config, {
      kind: category.kind as TicketKind,
      category: category.code,
      title: ticketTitle(description, category.nameFr),
      description,
      address: input.addressString,
      latitude: input.latitude,
      longitude: input.longitude,
      attributes: Object.keys(attributes).length ? attributes : undefined,
      source: 'open311',
      citizenId,
      actor: { kind: 'api', id: apiKeyId },
    }, now)
    for (const url of input.mediaUrls) {
      const filename = mediaFilename(url)
      await addTicketFile(tx, ticket.id, { filename, contentType: 'application/octet-stream', size: 0, sourceUrl: url, createdAt: now })
    }
    for (const file of input.files) {
      await addTicketFile(tx, ticket.id, { filename: file.filename.slice(0, 200), contentType: file.contentType.slice(0, 100), size: file.data.length, data: new Uint8Array(file.data), createdAt: now })
    }
    return ticket
  }
}

function mediaFilename (url: string): string {
  const last = new URL(url).pathname.split('/').pop() || 'media'
  try {
    return decodeURIComponent(last).slice(0, 200) || 'media'
  } catch {
    // A malformed %-escape in someone else's URL: keep the name as it was written.
    return last.slice(0, 200)
  }
}
