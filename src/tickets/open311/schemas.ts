// JSON Schemas of the Open311 GeoReport v2 answers, written from the spec
// (http://wiki.open311.org/GeoReport_v2) and mySociety's update extension. They describe the
// routes in GET /api/openapi.json and the tests validate every JSON answer against them.
// Strict on purpose: no null anywhere, no unknown field, ids as strings.

const text = { type: 'string' } as const
const dateTime = { type: 'string', pattern: String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$` } as const

const service = {
  type: 'object',
  additionalProperties: false,
  required: ['service_code', 'service_name', 'metadata', 'type'],
  properties: {
    service_code: text, service_name: text, description: text, metadata: { type: 'boolean' },
    type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] }, keywords: text, group: text,
  },
} as const

const attribute = {
  type: 'object',
  additionalProperties: false,
  required: ['variable', 'code', 'datatype', 'required', 'order', 'description'],
  properties: {
    variable: { type: 'boolean' }, code: text,
    datatype: { type: 'string', enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
    required: { type: 'boolean' }, datatype_description: text, order: { type: 'integer', minimum: 1 }, description: text,
    values: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['key', 'name'], properties: { key: text, name: text } } },
  },
} as const

const request = {
  type: 'object',
  additionalProperties: false,
  required: ['service_request_id', 'status', 'service_code', 'requested_datetime', 'updated_datetime'],
  properties: {
    service_request_id: text, status: { type: 'string', enum: ['open', 'closed'] }, status_notes: text,
    service_name: text, service_code: text, description: text, agency_responsible: text, service_notice: text,
    requested_datetime: dateTime, updated_datetime: dateTime, expected_datetime: dateTime,
    address: text, address_id: text, zipcode: text,
    lat: { type: 'number', minimum: -90, maximum: 90 }, long: { type: 'number', minimum: -180, maximum: 180 },
    media_url: { type: 'string', pattern: '^https?://' },
  },
} as const

const update = {
  type: 'object',
  additionalProperties: false,
  required: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description'],
  properties: {
    update_id: text, service_request_id: text, status: { type: 'string', enum: ['open', 'closed'] },
    updated_datetime: dateTime, description: text, media_url: { type: 'string', pattern: '^https?://' },
  },
} as const

export const open311Schemas = {
  discovery: {
    type: 'object',
    additionalProperties: false,
    required: ['changeset', 'contact', 'endpoints'],
    properties: {
      changeset: dateTime, contact: text, key_service: text,
      endpoints: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false, required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: { specification: text, url: { type: 'string', pattern: '^https?://.*/$' }, changeset: dateTime, type: { type: 'string', enum: ['production', 'test'] }, formats: { type: 'array', items: text } },
        },
      },
    },
  },
  serviceList: { type: 'array', items: service },
  serviceDefinition: { type: 'object', additionalProperties: false, required: ['service_code', 'attributes'], properties: { service_code: text, attributes: { type: 'array', items: attribute } } },
  requestList: { type: 'array', items: request },
  postResponse: {
    type: 'array', minItems: 1, maxItems: 1,
    items: { type: 'object', additionalProperties: false, required: ['service_request_id'], properties: { service_request_id: text, token: text, service_notice: text, account_id: text } },
  },
  updateList: { type: 'array', items: update },
  errors: { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: ['code', 'description'], properties: { code: { type: 'integer' }, description: text } } },
  requestsQuery: {
    type: 'object',
    properties: {
      service_request_id: { description: 'Comma-separated ids, up to 10,000; every other filter is then ignored' },
      service_code: { description: 'Comma-separated service codes' },
      start_date: { description: 'W3C date-time; default: 90 days before end_date' },
      end_date: { description: 'W3C date-time' },
      status: { description: 'open, closed or open,closed' },
    },
  },
  updatesQuery: {
    type: 'object',
    properties: { start_date: { description: 'W3C date-time; default: 90 days before end_date' }, end_date: { description: 'W3C date-time; default: now' } },
  },
} as const

/** The path of a resource: services.json, requests/DEM-2026-00042.xml… (checked by parseFile, Open311 errors). */
export const formatParams = { type: 'object', required: ['format'], properties: { format: { type: 'string', description: 'json or xml' } } } as const
export const fileParams = { type: 'object', required: ['file'], properties: { file: { type: 'string', description: '<id>.json or <id>.xml' } } } as const

/** Route options for the OpenAPI description: the JSON answer's schema; XML mirrors it. */
export function routeSchema (summary: string, response: object, querystring?: object, params: object = formatParams) {
  return {
    summary,
    tags: ['Open311'],
    description: 'The format is the extension: .json (schema below) or .xml (the same fields, GeoReport v2 XML). Errors: [{"code","description"}].',
    params,
    ...(querystring ? { querystring } : {}),
    response: { 200: { description: 'OK (JSON shape; .xml mirrors it)', ...response }, '4xx': { description: 'Open311 errors', ...open311Schemas.errors } },
  }
}
export const mediaParams = { type: 'object', required: ['file'], properties: { file: { type: 'string', description: '<attachment id>.jpg, .png or .webp' } } } as const

/**
 * POST requests: a form (any charset) or multipart with photos. Listed for the document only:
 * read-create-request.ts checks the fields and answers Open311 errors (a multipart body is read
 * there, so no schema may require an object here).
 */
export const postBody = {
  description: 'GeoReport v2 POST fields; media_url may repeat; multipart may add photos (media)',
  properties: Object.fromEntries(Object.entries({
    api_key: 'required', service_code: 'required', lat: 'WGS 84 latitude (lat/long, address_string or address_id required)', long: 'WGS 84 longitude',
    address_string: 'the address', address_id: 'an address id', email: 'the reporter\'s email', device_id: 'the device', account_id: 'the account',
    first_name: 'the reporter\'s first name', last_name: 'the reporter\'s last name', phone: 'the reporter\'s phone', description: 'what happened (up to 4,000 characters)',
    media_url: 'URL of a photo (repeatable)', 'attribute[<code>]': 'answers to the service definition\'s questions',
  }).map(([name, about]) => [name, { description: about }])),
} as const
