// Logs are JSON lines on standard output. Citizens' phone numbers, emails and message bodies never
// reach a log at info level: known fields are redacted, and code logs ids, not content.
import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'

export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-twilio-signature"]',
  '*.text', '*.body', '*.phone', '*.email', '*.password', '*.token', '*.From', '*.To', '*.Body', '*.address',
]

export function loggerOptions (config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // Query strings can carry tokens (the web chat WebSocket): log the path only.
      req: (req: { method: string, url: string, id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
    },
  }
}
