// Security headers everywhere, no caching of personal data, and JSON where JSON is expected
// (issue 19). Pages that need their own Content-Security-Policy (/chat, /inbox, /manager) set it
// on their reply, which replaces the strict default set here.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import helmet from 'helmet'
import { AppError } from '../errors.ts'

/** Staff and citizen pages (inbox, manager, town admin, alerts, unsubscribe): scripts and styles from files only. */
export const PAGES_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/** The default policy: JSON answers and the plain /privacy page (its inline style attributes). */
export const DEFAULT_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  upgradeInsecureRequests: null,
}

// Routes under these prefixes take no form bodies; Twilio, Slack and Open311 keep their forms.
const JSON_ONLY = ['/api/', '/channels/webchat/', '/channels/botframework/']
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])
// Personal data must not stay in a browser's or a proxy's cache.
const NO_STORE = ['/api/', '/channels/webchat/sessions']

export async function installSecurity (app: FastifyInstance): Promise<void> {
  // helmet's headers depend on nothing in the request: computed once here. (@fastify/helmet built
  // the whole helmet middleware again for every request: 30 µs of each web chat message.)
  const headers = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: DEFAULT_CSP },
    // The pages' scripts and the widget are loaded from the town's own site.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  })
  // Hooks with a callback, not async: an async hook costs a promise and a tick on every request.
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value)
    done(formBodyRefused(request))
  })

  app.addHook('onSend', (request, reply, _payload, done) => {
    if (NO_STORE.some(prefix => request.url.startsWith(prefix)) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    done()
  })
}

/** Form bodies only: other types have no parser there and fastify already answers 415, and a route that registers its own parser (a YAML upload) keeps it. */
function formBodyRefused (request: FastifyRequest): AppError | undefined {
  if (!BODY_METHODS.has(request.method)) return undefined
  const type = request.headers['content-type']
  if (!type || !JSON_ONLY.some(prefix => request.url.startsWith(prefix))) return undefined
  const mediaType = type.split(';')[0]!.trim().toLowerCase()
  return FORM_TYPES.has(mediaType) ? new AppError('unsupported_media_type', 'This endpoint takes JSON (Content-Type: application/json)') : undefined
}

/** The headers helmet sets for these options, as [name, value] pairs. */
function helmetHeaders (options: Parameters<typeof helmet>[0]): [string, string][] {
  const set = new Map<string, string>()
  const response = {
    setHeader: (name: string, value: string) => { set.set(name.toLowerCase(), String(value)) },
    removeHeader: (name: string) => { set.delete(name.toLowerCase()) },
  }
  helmet(options)({} as never, response as never, () => {})
  return [...set]
}
