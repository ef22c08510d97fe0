// Open311 errors: [{"code","description"}] or <errors><error>…</error></errors>, with 403 for a
// bad or missing key, 404 for an unknown service or request and 400 for anything else (spec).
// The app's own {error, message} shape never leaks here: this plugin has its own handlers.
import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError } from '../../errors.ts'
import { formatOfUrl, sendOpen311 } from './format.ts'

export class Open311Error extends Error {
  override name = 'Open311Error'
  constructor (readonly statusCode: 400 | 403 | 404, message: string) {
    super(message)
  }
}

export const open311BadRequest = (message: string) => new Open311Error(400, message)

function statusOf (error: FastifyError | AppError | Open311Error): 400 | 403 | 404 | 500 {
  if (error instanceof Open311Error) return error.statusCode
  const status = error.statusCode ?? 500
  if (status === 403 || status === 404) return status
  // Too large, wrong content type, bad encoding...: the spec has one code for every other problem.
  return status >= 400 && status < 500 ? 400 : 500
}

export function installOpen311ErrorHandlers (app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Open311Error, request, reply) => {
    const status = statusOf(error)
    const format = formatOfUrl(request.url)
    if (status === 500) {
      request.log.error({ err: error }, 'open311: unhandled error')
      return sendOpen311(reply, format, 'errors', [{ code: 500, description: 'Internal server error' }], 500)
    }
    const description = (error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE' ? 'An attached file is too large' : error.message
    return sendOpen311(reply, format, 'errors', [{ code: status, description }], status)
  })
  app.setNotFoundHandler((request, reply) => {
    sendOpen311(reply, formatOfUrl(request.url), 'errors', [{ code: 404, description: `No Open311 resource ${request.method} ${request.url.split('?')[0]}` }], 404)
  })
}
