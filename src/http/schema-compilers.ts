// How route schemas run (issue 21). Every route declares its body, querystring, params and
// answers with TypeBox; fastify checks the request before the handler, and a failure becomes a
// 400 {error: "validation_failed", message} in error-handler.ts (FST_ERR_VALIDATION).
import type { FastifyInstance } from 'fastify'
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'

export function installSchemaCompilers (app: FastifyInstance): void {
  // TypeBox's compiled checker, not fastify's default ajv: it converts querystring, params and
  // headers ("5" → 5) but checks bodies exactly as they came. ajv's defaults would coerce body
  // fields (a number sent as "text" would pass), add defaults and drop unknown fields, and a
  // webhook's body must stay what its signature was computed over (Twilio signs the form fields).
  app.setValidatorCompiler(TypeBoxValidatorCompiler)
  // Response schemas describe the answers in GET /api/openapi.json; answers are still written by
  // JSON.stringify, as before schemas: a schema never drops, renames or coerces a field.
  app.setSerializerCompiler(() => data => JSON.stringify(data))
}
