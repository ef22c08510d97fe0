// The schema pieces every route module shares (issue 21): the {error, message} answer, ids in
// the path, HTML pages and the OpenAPI tags. Route-specific schemas live beside their routes.
import { Type, type TSchema } from '@fastify/type-provider-typebox'

export const TAGS = { agents: 'Agents', admin: 'Administrators', managers: 'Managers', town: 'Town data', channels: 'Channels', pages: 'Pages', system: 'System' } as const

/** Every 4xx of the agents' API and the channels (README.md, error table). */
export const ErrorBody = Type.Object({
  error: Type.String({ description: 'A code of the README error table: validation_failed, unauthorized, forbidden, not_found, conflict…' }),
  message: Type.String({ description: 'A sentence for people' }),
  details: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String(), line: Type.Optional(Type.Integer()) }), { description: 'Every bad field (town file, FAQ, closures)' })),
}, { description: 'Error: {"error","message"}' })

/** The 4xx answers a route can give, as one response-schema entry. */
export const errors = { '4xx': ErrorBody }

export const IdParams = Type.Object({ id: Type.String({ description: 'The record\'s id' }) })
export const CodeParams = Type.Object({ code: Type.String({ description: 'The record\'s code' }) })

/** A JSON object described by its main fields; other fields may be present. */
export const Described = <T extends Record<string, TSchema>>(properties: T, description: string) => Type.Object(properties, { description, additionalProperties: true })

/** An object whose fields are documented elsewhere (town file, dashboard figures); typed unknown for the handler. */
export const AnyObject = (description: string) => Type.Unsafe<unknown>({ type: 'object', additionalProperties: true, description })

/** The answer of a route that sends a page, a script or a file (a string, a Buffer or a stream) rather than JSON. */
export const fileResponse = (description: string) => ({ 200: Type.Unsafe<unknown>({ type: 'string', description }), ...errors })

/** Schema of a page or asset route (no input). */
export function pageSchema (summary: string, description: string, params?: TSchema) {
  return { summary, tags: [TAGS.pages], ...(params ? { params } : {}), response: fileResponse(description) }
}

/** Routes of /api that need a session cookie or a bearer token. */
export const SECURED = [{ bearer: [] }]

/** A 204's (absent) body. */
export const NoContent = Type.Unsafe<undefined>({ type: 'null', description: 'No content' })

/** A date-time: handlers return Date objects, JSON.stringify writes them as ISO 8601 strings. */
export const DateTime = (description?: string) => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', ...(description ? { description } : {}) })

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** An optional text field of the agents' API: null and "" mean absent (src/tickets/read-body.ts). */
export const OptionalText = (description: string) => Type.Optional(Type.Union([Type.String(), Type.Null()], { description }))

/** An optional number field: null and "" mean absent. */
export const OptionalNumber = (minimum: number, maximum: number, description: string) => Type.Optional(Type.Union([Type.Number({ minimum, maximum }), Type.Null(), Type.Literal('')], { description }))

/**
 * A body its handler reads and checks itself (signed webhooks, Open311 forms and uploads): the
 * fields are listed for the document and nothing is constrained, so an odd or forged body still
 * reaches the signature check and gets the same answer as before.
 */
export const HandCheckedBody = (description: string, fields: Record<string, string>) =>
  Type.Unsafe<unknown>({ description, properties: Object.fromEntries(Object.entries(fields).map(([name, about]) => [name, { description: about }])) })

/**
 * A JSON object whose fields its handler checks together, naming every problem in details (the
 * town's data): the schema requires an object and lists the fields for the document.
 */
export const ObjectCheckedByHandler = (description: string, fields: Record<string, string>) =>
  Type.Unsafe<Record<string, unknown>>({ type: 'object', description, properties: Object.fromEntries(Object.entries(fields).map(([name, about]) => [name, { description: about }])) })
