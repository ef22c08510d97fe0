// One catalogue of wire errors; every 4xx body is { error: <code>, message: <sentence> } (CONTRACT.md).
// The README's error table lists the same codes (test/unit/errors-doc.test.ts keeps them in step).

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_signature'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'channel_off'

export const ERROR_CODES: readonly ErrorCode[] = [
  'validation_failed', 'invalid_signature', 'unauthorized', 'forbidden', 'not_found',
  'conflict', 'payload_too_large', 'unsupported_media_type', 'too_many_requests', 'channel_off',
]

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_signature: 403,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  channel_off: 404,
}

export class AppError extends Error {
  override name = 'AppError'
  readonly statusCode: number
  constructor (readonly code: ErrorCode, message: string, statusCode?: number, options?: ErrorOptions) {
    super(message, options)
    this.statusCode = statusCode ?? DEFAULT_STATUS[code]
  }
}

/** A 400 validation_failed naming every bad field: { error, message, details: [{ path, message }] } (town file, FAQ, closures). */
export class ValidationFailed extends AppError {
  constructor (message: string, readonly details: { path: string, message: string, line?: number }[]) {
    super('validation_failed', message)
  }
}

export const badRequest = (message: string) => new AppError('validation_failed', message)
export const notFound = (message: string) => new AppError('not_found', message)
export const forbidden = (message: string) => new AppError('forbidden', message)
export const unauthorized = (message: string) => new AppError('unauthorized', message)
export const conflict = (message: string) => new AppError('conflict', message)

/** A configuration problem found at start: printed as one line naming the variable, then exit. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}
