// POST /channels/botframework/messages: CloudAdapter authenticates the activity (unless disabled),
// then the message is handed to the core. Replies go out later through the outbox (send.ts).
import type { FastifyPluginAsync } from 'fastify'
import { TurnContext, type CloudAdapter, type Request as BfRequest, type Response as BfResponse } from 'botbuilder'
import type { ChannelContext } from '../../src/core/channel.ts'
import { AppError } from '../../src/errors.ts'
import { parseActivity } from './parse-activity.ts'
import { AnyObject, errors, HandCheckedBody, TAGS } from '../../src/http/schemas.ts'

// CloudAdapter checks the activity's JWT (Authorization header) and reads the activity itself.
const MessagesSchema = {
  summary: 'Bot Framework activities: Teams, Messenger, Azure Bot Service (signed by the Bot Framework)',
  tags: [TAGS.channels],
  body: HandCheckedBody('A Bot Framework activity (JSON); Authorization: Bearer <Bot Framework JWT>', {
    type: 'message | conversationUpdate | typing…', id: 'the activity id (the dedupe key)', text: 'the text', from: '{id, name}', conversation: '{id}', serviceUrl: 'where replies go', channelId: 'msteams, facebook…',
  }),
  response: { 200: AnyObject('What the adapter answers (usually empty)'), ...errors },
}

export function botFrameworkRoutes (adapter: CloudAdapter): FastifyPluginAsync<{ ctx: ChannelContext }> {
  return async (app, { ctx }) => {
    app.post('/messages', { schema: MessagesSchema }, async (request, reply) => {
      if (!request.body || typeof request.body !== 'object') throw new AppError('validation_failed', 'The body must be a Bot Framework activity (JSON)')
      let status = 200
      let body: unknown
      const headers: Record<string, string> = {}
      // CloudAdapter expects an express-like response: collect what it sets (RECIPES.md §2).
      const res: BfResponse = {
        socket: request.raw.socket,
        status (code: number) { status = code; return this },
        header (name: string, value: unknown) { headers[name] = String(value); return this },
        send (b?: unknown) { body = b; return this },
        end () { return this },
      }
      const bfRequest = { method: request.method, headers: request.headers, body: request.body } as unknown as BfRequest
      await adapter.process(bfRequest, res, async (turn) => {
        const activity = turn.activity
        const message = parseActivity(activity, TurnContext.getConversationReference(activity))
        // Only messages are stored; conversation updates and typing are acknowledged and dropped.
        if (message && (message.text || message.location)) await ctx.receive(message)
      })
      if (status === 401 || status === 403) throw new AppError('invalid_signature', 'The activity is not signed by the Bot Framework', status)
      reply.code(status).headers(headers)
      return body === undefined ? reply.send() : reply.send(body)
    })
  }
}
