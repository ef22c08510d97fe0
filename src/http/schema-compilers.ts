// How route schemas run (issue 21). Every route declares its body, querystring, params and
// answers with TypeBox; fastify checks the request before the handler, and a failure becomes a
// 400 {error: "validation_failed", message} in error-handler.ts (FST_ERR_VALIDATION).
import type { FastifyInstance, FastifySchema } from 'fastify'
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'

type Compiled = ReturnType<typeof TypeBoxValidatorCompiler>
type CompilerInput = Parameters<typeof TypeBoxValidatorCompiler>[0]

export function installSchemaCompilers (app: FastifyInstance): void {
  // TypeBox's compiled checker, not fastify's default ajv: it converts querystring, params and
  // headers ("5" → 5) but checks bodies exactly as they came. ajv's defaults would coerce body
  // fields (a number sent as "text" would pass), add defaults and drop unknown fields, and a
  // webhook's body must stay what its signature was computed over (Twilio signs the form fields).
  app.setValidatorCompiler(validatorCompiler)
  // Response schemas describe the answers in GET /api/openapi.json; answers are still written by
  // JSON.stringify, as before schemas: a schema never drops, renames or coerces a field.
  app.setSerializerCompiler(() => data => JSON.stringify(data))
}

/**
 * TypeBoxValidatorCompiler, without its conversion where there is nothing to convert: params and
 * querystrings whose fields are all strings, given strings (what fastify parses them into). The
 * conversion walks the schema on every request (TypeBox's Value.Convert: 30 µs of each web chat
 * message, for its session id) and gives back the same strings.
 */
export function validatorCompiler (input: CompilerInput): Compiled {
  const converting = TypeBoxValidatorCompiler(input)
  if (input.httpPart === 'body' || !stringFieldsOnly(input.schema)) return converting
  const checking = TypeBoxValidatorCompiler({ ...input, httpPart: 'body' })
  return (value: unknown) => allStrings(value) ? checking(value) : converting(value)
}

/** An object schema whose every field is a plain string (Type.String, optional or not). */
function stringFieldsOnly (schema: FastifySchema | Record<string, unknown>): boolean {
  const s = schema as { type?: unknown, properties?: Record<string, Record<string, unknown>>, additionalProperties?: unknown, patternProperties?: unknown }
  if (s.type !== 'object' || !s.properties || typeof s.additionalProperties === 'object' || s.patternProperties !== undefined) return false
  return Object.values(s.properties).every(p => p.type === 'string' && p['~kind'] === 'String')
}

function allStrings (value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  for (const key in value) if (typeof (value as Record<string, unknown>)[key] !== 'string') return false
  return true
}
