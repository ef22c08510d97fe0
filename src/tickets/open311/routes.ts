// Open311 GeoReport v2 under /open311/v2/ (issue 4): discovery, services, service definitions,
// requests (GET with filters, POST) and one request, each in .xml and .json.
// See http://wiki.open311.org/GeoReport_v2 ; FixMyStreet's client is the reference caller.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import multipart from '@fastify/multipart'
import cors from '@fastify/cors'
import type { RouteDeps } from '../../http/route-deps.ts'
import { listOpen311Categories } from '../../db/open311-requests.ts'
import { findCategory } from '../../db/tickets.ts'
import { MAX_ATTACHMENT_BYTES } from '../../domain.ts'
import { sendOpen311 } from './format.ts'
import { installOpen311ErrorHandlers, Open311Error } from './errors.ts'
import { parseFile } from './resource-path.ts'
import { SERVICE_ATTRIBUTES } from './service-attributes.ts'
import { requestRoutes } from './request-routes.ts'
import { updateRoutes } from './update-routes.ts'
import { mediaRoutes } from './media-routes.ts'
import { parseForm } from './form-charset.ts'
import { fileParams, open311Schemas, routeSchema } from './schemas.ts'

// The date this API's shape last changed (discovery "changeset").
const CHANGESET = '2026-11-28T00:00:00+01:00'


async function serviceRoutes (app: FastifyInstance, { store, config }: RouteDeps): Promise<void> {
  app.get<{ Params: { format: string } }>('/discovery.:format', { schema: routeSchema('Discovery: where and how to call this endpoint', open311Schemas.discovery) }, async (request, reply) => {
    const { format } = request.params
    if (format !== 'xml' && format !== 'json') throw new Open311Error(404, 'Discovery is available as discovery.xml or discovery.json')
    return sendOpen311(reply, format, 'discovery', {
      changeset: CHANGESET,
      contact: `${config.townName} — ${config.publicUrl}`,
      key_service: 'API keys are issued by the town hall administrators (POST /api/api-keys).',
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${config.publicUrl}/open311/v2/`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
    })
  })

  app.get('/services.:format', { schema: routeSchema('The public services (categories marked private are never listed)', open311Schemas.serviceList) }, async (request, reply) => {
    const { format } = parseFile(`services.${(request.params as { format: string }).format}`, 'services')
    const rows = await listOpen311Categories(store)
    return sendOpen311(reply, format, 'services', rows.map(c => ({
      service_code: c.code,
      service_name: c.nameFr,
      description: c.descriptionFr ?? c.nameFr,
      metadata: Boolean(SERVICE_ATTRIBUTES[c.code]?.length),
      type: 'realtime',
      keywords: c.keywords ?? '',
      group: c.service.nameFr,
    })))
  })

  app.get<{ Params: { file: string } }>('/services/:file', { schema: routeSchema('A service definition: the extra questions of a service', open311Schemas.serviceDefinition, undefined, fileParams) }, async (request, reply) => {
    const { name: code, format } = parseFile(request.params.file)
    const category = await findCategory(store, code)
    if (!category?.open311) throw new Open311Error(404, `Unknown service_code ${code}`)
    const attributes = (SERVICE_ATTRIBUTES[code] ?? []).map((a, index) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription ?? null,
      order: index + 1,
      description: a.description,
      ...(a.values ? { values: a.values.map(v => ({ key: v.key, name: v.name })) } : {}),
    }))
    return sendOpen311(reply, format, 'service_definition', { service_code: code, attributes })
  })
}

export const open311Routes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  await app.register(async scoped => {
    installOpen311ErrorHandlers(scoped)
    // Browser-based clients call from other origins (issue 17): no cookies here, so any origin.
    await scoped.register(cors, { origin: '*', methods: ['GET', 'POST'], maxAge: 86_400 })
    // Form bodies in their own charset (Latin-1 from Java clients), instead of @fastify/formbody's UTF-8 only.
    scoped.removeContentTypeParser('application/x-www-form-urlencoded')
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request, body, done) => {
      try { done(null, parseForm(body as Buffer, request.headers['content-type'])) } catch (error) { done(error as Error, undefined) }
    })
    // Multipart only here: FixMyStreet may post photos with the request.
    await scoped.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 10, fields: 200, parts: 210, fieldSize: 100_000 } })
    await serviceRoutes(scoped, deps)
    await requestRoutes(scoped, deps)
    await updateRoutes(scoped, deps)
    await mediaRoutes(scoped, deps)
  }, { prefix: '/open311/v2' })
}
