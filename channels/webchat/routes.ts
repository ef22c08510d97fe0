// /channels/webchat/*: sessions, messages, history and the live WebSocket (CONTRACT.md).
import { hash, randomBytes, randomUUID } from 'node:crypto'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Address, ContextWith } from '../../src/core/channel.ts'
import { AppError } from '../../src/errors.ts'
import type { SessionSockets } from './session-sockets.ts'
import { AnyObject, errors, NoContent, TAGS } from '../../src/http/schemas.ts'

const NOTHING_VISIBLE = /^[\s\p{Cc}\p{Cf}]*$/u
const SESSION_ID = /^[A-Za-z0-9_-]{10,64}$/
// crypto.hash, one call: a third of createHash's cost, checked on every message (same digest).
const hashToken = (token: string) => hash('sha256', token, 'hex')
const addressOf = (sessionId: string): Address => ({ kind: 'webchat', value: sessionId })

// The schemas of the chat's routes (issue 21). The session is checked first (preValidation), so
// a caller without the session's token is refused as before, whatever their body.
const tags = [TAGS.channels]
const security = [{ bearer: [] }]
const SessionParams = Type.Object({ id: Type.String({ description: 'The session id' }) })
const SendSchema = {
  summary: 'A citizen\'s message (Authorization: Bearer <session token>) → 202 {messageId}',
  tags,
  security,
  params: SessionParams,
  body: Type.Object({
    text: Type.String({ description: 'Not blank' }),
    clientMessageId: Type.Optional(Type.String({ pattern: String.raw`^[\w-]{1,100}$`, description: 'The widget\'s own id: a retried POST lands on the same message' })),
  }),
  response: { 202: Type.Object({ messageId: Type.String() }), ...errors },
}
const HistorySchema = {
  summary: 'The session\'s messages after a message id (Authorization: Bearer <session token>)',
  tags,
  security,
  params: SessionParams,
  querystring: Type.Object({ after: Type.Optional(Type.String({ pattern: String.raw`^\d{1,15}$`, description: 'A message id; default 0' })) }),
  response: { 200: Type.Object({ messages: Type.Array(AnyObject('A message of the session')) }), ...errors },
}

/** The capabilities the web chat uses: its citizens' history and first screen, and its own session identities. */
export type WebchatContext = ContextWith<'history' | 'sessions'>

export function webchatRoutes (sockets: SessionSockets): FastifyPluginAsync<{ ctx: WebchatContext }> {
  return async (untyped, { ctx }) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>()
    // @fastify/websocket is registered once by buildApp (src/http/websocket.ts).
    const detach = sockets.attach(ctx.live)
    app.addHook('onClose', async () => detach())
    // The widget runs on the town's own site (another origin). Any origin may call: the API is
    // authorised by a bearer token the page holds, never by cookies, so there is nothing to ride on.
    app.addHook('onRequest', (_request, reply, done) => {
      reply.header('access-control-allow-origin', '*')
      reply.header('access-control-expose-headers', 'content-type')
      done()
    })
    app.options('/*', { schema: { summary: 'CORS preflight of the chat\'s API (any origin)', tags, response: { 204: NoContent } } }, async (_request, reply) => reply.code(204)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', 'authorization, content-type')
      .header('access-control-max-age', '600')
      .send())
    // Verified sessions, so that a busy chat does not read the database for every message.
    const verified = new Map<string, string>()

    /** The session's address if this token opened it already; undefined if the database must say. Throws for what no session accepts. */
    function alreadyVerified (sessionId: string, token: string | undefined): Address | undefined {
      if (!SESSION_ID.test(sessionId)) throw new AppError('not_found', 'Unknown session')
      if (!token) throw new AppError('unauthorized', 'A session token is required (Authorization: Bearer <token>)')
      return verified.get(sessionId) === hashToken(token) ? addressOf(sessionId) : undefined
    }

    async function authorize (sessionId: string, token: string | undefined): Promise<Address> {
      const known = alreadyVerified(sessionId, token)
      if (known) return known
      const hash = hashToken(token!)
      const result = await ctx.sessions.check(addressOf(sessionId), hash)
      if (result === 'unknown') throw new AppError('not_found', 'Unknown session')
      if (result === 'mismatch') throw new AppError('forbidden', 'This token does not open this session')
      if (verified.size > 100_000) verified.clear()
      verified.set(sessionId, hash)
      return addressOf(sessionId)
    }

    const bearer = (request: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]

    // The opening screen (issue 16): public, no session needed, read from the town's cached data.
    app.get('/first-screen', {
      schema: { summary: 'The chat\'s opening screen: greeting and suggestions (public, cached 60 s)', tags, querystring: Type.Object({ lang: Type.Optional(Type.String({ description: 'en, otherwise fr' })) }), response: { 200: AnyObject('The first screen'), ...errors } },
    }, async (request, reply) => {
      const lang = request.query.lang === 'en' ? 'en' : 'fr'
      const screen = await ctx.history.firstScreen(lang)
      if (screen === null) throw new AppError('not_found', 'No first screen for this assistant')
      return reply.header('cache-control', 'public, max-age=60').send(screen)
    })

    app.post('/sessions', { schema: { summary: 'Open a web chat session → 201 {sessionId, token}', tags, response: { 201: Type.Object({ sessionId: Type.String(), token: Type.String({ description: 'Shown once: the Bearer token of the session' }) }), ...errors } } }, async (_request, reply) => {
      const sessionId = randomUUID().replaceAll('-', '')
      const token = randomBytes(32).toString('base64url')
      await ctx.sessions.register(addressOf(sessionId), hashToken(token))
      verified.set(sessionId, hashToken(token))
      return reply.code(201).send({ sessionId, token })
    })

    // A callback, not async: a verified session (every message but a tab's first) is checked without a promise.
    const authorized = (request: FastifyRequest<{ Params: { id: string } }>, _reply: FastifyReply, done: (error?: Error) => void) => {
      const token = bearer(request)
      try {
        if (alreadyVerified(request.params.id, token)) return done()
      } catch (error) {
        return done(error as Error)
      }
      authorize(request.params.id, token).then(() => done(), done)
    }

    app.post('/sessions/:id/messages', { preValidation: authorized, schema: SendSchema }, async (request, reply) => {
      const from = addressOf(request.params.id)
      const body = request.body
      // Only NULs, control or invisible format characters: nothing would be left to store or answer (issue 19).
      if (NOTHING_VISIBLE.test(body.text)) throw new AppError('validation_failed', 'Field "text" must not be empty')
      // The widget sends its own id with each message, so a retried POST lands on the same row.
      // The message's id comes first: the widget's (and ours) start with the time, so new keys go
      // to the end of the (channel, externalId) index instead of into one page per session,
      // which is written out again at each commit.
      const externalId = `${body.clientMessageId ?? `${Date.now().toString(36)}-${randomUUID()}`}:${from.value}`
      const received = await ctx.receive({ channel: 'webchat', externalId, from, text: body.text })
      return reply.code(202).send({ messageId: String(received.messageId) })
    })

    app.get('/sessions/:id/messages', { preValidation: authorized, schema: HistorySchema }, async (request) => {
      const from = addressOf(request.params.id)
      const after = request.query.after ?? '0'
      return { messages: await ctx.history.messages(from, Number(after), 500) }
    })

    app.get<{ Params: { id: string }, Querystring: { token?: string } }>('/sessions/:id/ws', { websocket: true }, async (socket, request) => {
      try {
        const from = await authorize(request.params.id, request.query.token)
        sockets.add(from.value, socket)
        socket.on('message', () => { /* the socket only pushes; messages are POSTed */ })
      } catch (error) {
        const appError = error instanceof AppError ? error : undefined
        socket.close(4000 + (appError?.statusCode ?? 400) % 1000, appError?.message ?? 'refused')
      }
    })
  }
}
