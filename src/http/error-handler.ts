// One place turns errors into responses: AppError → its status and {error, message};
// fastify's own 4xx (bad JSON, body too large, wrong content type) → the same shape; anything
// else is logged with the request id and answered 500 without details.
import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError, ValidationFailed, type ErrorCode } from '../errors.ts'

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_VALIDATION: 'validation_failed',
}

export function installErrorHandler (app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof ValidationFailed) {
      return reply.code(error.statusCode).send({ error: error.code, message: error.message, details: error.details })
    }
    if (error instanceof AppError) {
      return reply.code(error.statusCode).send({ error: error.code, message: error.message })
    }
    const status = (error as FastifyError).statusCode ?? 500
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[(error as FastifyError).code] ?? (status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'validation_failed')
      const message = error instanceof SyntaxError || (error as FastifyError).code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'The body is not valid JSON' : error.message
      return reply.code(status).send({ error: code, message })
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply.code(500).send({ error: 'internal', message: 'Internal Server Error' })
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` })
  })
}
