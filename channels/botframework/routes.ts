// POST /channels/botframework/messages: the SDK authenticates the activity (its JWT, unless
// disabled), then the message is handed to the core. Replies go out later through the outbox.
import type { FastifyPluginAsync } from 'fastify'
import { TurnContext, type Activity, type ConfigurationBotFrameworkAuthentication } from 'botbuilder'
import type { ChannelContext } from '../../src/core/channel.ts'
import { AppError } from '../../src/errors.ts'
import { parseActivity } from './parse-activity.ts'
import { AnyObject, errors, HandCheckedBody, TAGS } from '../../src/http/schemas.ts'

const MessagesSchema = {
  summary: 'Bot Framework activities: Teams, Messenger, Azure Bot Service (signed by the Bot Framework)',
  tags: [TAGS.channels],
  body: HandCheckedBody('A Bot Framework activity (JSON); Authorization: Bearer <Bot Framework JWT>', {
    type: 'message | conversationUpdate | typing…', id: 'the activity id (the dedupe key)', text: 'the text', from: '{id, name}', conversation: '{id}', serviceUrl: 'where replies go', channelId: 'msteams, facebook…',
  }),
  response: { 200: AnyObject('Empty: the activity is acknowledged'), ...errors },
}

export function botFrameworkRoutes (auth: ConfigurationBotFrameworkAuthentication): FastifyPluginAsync<{ ctx: ChannelContext }> {
  return async (app, { ctx }) => {
    app.post('/messages', { schema: MessagesSchema }, async (request, reply) => {
      const activity = request.body as Partial<Activity> | undefined
      if (!activity || typeof activity !== 'object' || Array.isArray(activity) || typeof activity.type !== 'string') {
        throw new AppError('validation_failed', 'The body must be a Bot Framework activity (JSON with a type)')
      }
      try {
        // Checks the token's signature, issuer, audience and the activity's service URL claim.
        await auth.authenticateRequest(activity as Activity, request.headers.authorization ?? '')
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 401) throw new AppError('invalid_signature', 'The activity is not signed by the Bot Framework', 401)
        throw error
      }
      const message = parseActivity(activity, TurnContext.getConversationReference(activity))
      // Only messages are stored; conversation updates and typing are acknowledged and dropped.
      if (message && (message.text || message.location)) await ctx.receive(message)
      return reply.code(200).send()
    })
  }
}
