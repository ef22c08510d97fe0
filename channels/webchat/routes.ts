// /channels/webchat/*: sessions, messages, history and the live WebSocket (CONTRACT.md).
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Address, ContextWith } from '../../src/core/channel.ts'
import { AppError } from '../../src/errors.ts'
import type { SessionSockets } from './session-sockets.ts'

const NOTHING_VISIBLE = /^[\s\p{Cc}\p{Cf}]*$/u
const SESSION_ID = /^[A-Za-z0-9_-]{10,64}$/
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const addressOf = (sessionId: string): Address => ({ kind: 'webchat', value: sessionId })

type MessageBody = { text?: unknown, clientMessageId?: unknown }

/** The capabilities the web chat uses: its citizens' history and first screen, and its own session identities. */
export type WebchatContext = ContextWith<'history' | 'sessions'>

export function webchatRoutes (sockets: SessionSockets): FastifyPluginAsync<{ ctx: WebchatContext }> {
  return async (app, { ctx }) => {
    // @fastify/websocket is registered once by buildApp (src/http/websocket.ts).
    const detach = sockets.attach(ctx.live)
    app.addHook('onClose', async () => detach())
    // The widget runs on the town's own site (another origin). Any origin may call: the API is
    // authorised by a bearer token the page holds, never by cookies, so there is nothing to ride on.
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*')
      reply.header('access-control-expose-headers', 'content-type')
    })
    app.options('/*', async (_request, reply) => reply.code(204)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', 'authorization, content-type')
      .header('access-control-max-age', '600')
      .send())
    // Verified sessions, so that a busy chat does not read the database for every message.
    const verified = new Map<string, string>()

    async function authorize (sessionId: string, token: string | undefined): Promise<Address> {
      if (!SESSION_ID.test(sessionId)) throw new AppError('not_found', 'Unknown session')
      if (!token) throw new AppError('unauthorized', 'A session token is required (Authorization: Bearer <token>)')
      const hash = hashToken(token)
      if (verified.get(sessionId) === hash) return addressOf(sessionId)
      const result = await ctx.sessions.check(addressOf(sessionId), hash)
      if (result === 'unknown') throw new AppError('not_found', 'Unknown session')
      if (result === 'mismatch') throw new AppError('forbidden', 'This token does not open this session')
      if (verified.size > 100_000) verified.clear()
      verified.set(sessionId, hash)
      return addressOf(sessionId)
    }

    const bearer = (request: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]

    // The opening screen (issue 16): public, no session needed, read from the town's cached data.
    app.get<{ Querystring: { lang?: string } }>('/first-screen', async (request, reply) => {
      const lang = request.query.lang === 'en' ? 'en' : 'fr'
      const screen = await ctx.history.firstScreen(lang)
      if (screen === null) throw new AppError('not_found', 'No first screen for this assistant')
      return reply.header('cache-control', 'public, max-age=60').send(screen)
    })

    app.post('/sessions', async (_request, reply) => {
      const sessionId = randomUUID().replaceAll('-', '')
      const token = randomBytes(32).toString('base64url')
      await ctx.sessions.register(addressOf(sessionId), hashToken(token))
      verified.set(sessionId, hashToken(token))
      return reply.code(201).send({ sessionId, token })
    })

    app.post<{ Params: { id: string }, Body: MessageBody }>('/sessions/:id/messages', async (request, reply) => {
      const from = await authorize(request.params.id, bearer(request))
      const body = request.body
      if (!body || typeof body !== 'object') throw new AppError('validation_failed', 'The body must be a JSON object {"text"}')
      if (typeof body.text !== 'string') throw new AppError('validation_failed', 'Field "text" is required and must be a string')
      // Only NULs, control or invisible format characters: nothing would be left to store or answer (issue 19).
      if (NOTHING_VISIBLE.test(body.text)) throw new AppError('validation_failed', 'Field "text" must not be empty')
      if (body.clientMessageId !== undefined && (typeof body.clientMessageId !== 'string' || !/^[\w-]{1,100}$/.test(body.clientMessageId))) {
        throw new AppError('validation_failed', 'Field "clientMessageId" must be a short string of letters, digits, - or _')
      }
      // The widget sends its own id with each message, so a retried POST lands on the same row.
      // The message's id comes first: the widget's (and ours) start with the time, so new keys go
      // to the end of the (channel, externalId) index instead of into one page per session,
      // which is written out again at each commit.
      const externalId = `${body.clientMessageId ?? `${Date.now().toString(36)}-${randomUUID()}`}:${from.value}`
      const received = await ctx.receive({ channel: 'webchat', externalId, from, text: body.text })
      return reply.code(202).send({ messageId: String(received.messageId) })
    })

    app.get<{ Params: { id: string }, Querystring: { after?: string } }>('/sessions/:id/messages', async (request) => {
      const from = await authorize(request.params.id, bearer(request))
      const after = request.query.after ?? '0'
      if (!/^\d{1,15}$/.test(after)) throw new AppError('validation_failed', 'Parameter "after" must be a message id')
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
