// POST /channels/slack/events: events, interactivity (buttons) and the url_verification handshake.
// The signature is computed over the raw bytes, so this plugin keeps its own raw-body parser.
import type { FastifyPluginAsync } from 'fastify'
import { verifySlackRequest } from '@slack/bolt'
import type { AgentActor, AgentChannelContext } from '../../src/core/agent-channel.ts'
import { AppError } from '../../src/errors.ts'
import type { SlackThreads } from './threads.ts'
import { AnyObject, errors, HandCheckedBody, TAGS } from '../../src/http/schemas.ts'

// The raw bytes are what Slack signed: the body is described here and checked by
// verifySlackRequest, then parsed (JSON, or a form with a JSON payload field).
const EventsSchema = {
  summary: 'Slack events, interactivity (buttons) and the url_verification handshake (signed)',
  tags: [TAGS.channels],
  consumes: ['application/json', 'application/x-www-form-urlencoded'],
  body: HandCheckedBody('Signed by Slack (X-Slack-Signature, X-Slack-Request-Timestamp) over the raw body', {
    type: 'url_verification | event_callback | block_actions', challenge: 'the handshake\'s challenge', event_id: 'the dedupe key of an event', event: 'a message event in the inbox channel\'s threads', payload: 'form field: the interactivity JSON',
  }),
  response: { 200: AnyObject('{challenge} for the handshake, otherwise empty'), ...errors },
}

export type SlackPeople = {
  /** The agent account behind a Slack user (matched by the email of their Slack profile). */
  agentOf (userId: string): Promise<AgentActor | undefined>
  tell (channel: string, userId: string, text: string, threadTs?: string): Promise<void>
}

type SlackMessageEvent = { type: string, subtype?: string, bot_id?: string, user?: string, text?: string, channel?: string, thread_ts?: string, ts?: string }

export function slackRoutes (options: { signingSecret: string, inboxChannel: string, threads: SlackThreads, people: SlackPeople }): FastifyPluginAsync<{ ctx: AgentChannelContext }> {
  const { signingSecret, inboxChannel, threads, people } = options
  const seenEvents = new Set<string>()

  return async (app, { ctx }) => {
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))

    app.post('/events', { schema: EventsSchema }, async (request, reply) => {
      const raw = typeof request.body === 'string' ? request.body : ''
      try {
        verifySlackRequest({
          signingSecret,
          body: raw,
          headers: {
            'x-slack-signature': String(request.headers['x-slack-signature'] ?? ''),
            'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
          },
        })
      } catch {
        throw new AppError('invalid_signature', 'The Slack signature is missing, wrong or too old')
      }
      const payload = parseBody(raw, String(request.headers['content-type'] ?? ''))
      if (payload.type === 'url_verification') return { challenge: payload.challenge }
      if (payload.ssl_check) return reply.send()
      // Slack redelivers an event it did not see acknowledged in 3 s: act once.
      const eventId = typeof payload.event_id === 'string' ? payload.event_id : undefined
      if (eventId) {
        if (seenEvents.has(eventId)) return reply.send()
        seenEvents.add(eventId)
        if (seenEvents.size > 10_000) seenEvents.clear()
      }
      if (payload.type === 'event_callback') await onEvent(payload.event as SlackMessageEvent)
      if (payload.type === 'block_actions') await onAction(payload)
      return reply.send()
    })

    async function onEvent (event: SlackMessageEvent): Promise<void> {
      // Our own posts, edits and joins are not agents talking to citizens.
      if (event.type !== 'message' || event.subtype || event.bot_id || !event.user || !event.thread_ts || event.channel !== inboxChannel) return
      const conversationId = await threads.conversationOfThread(event.thread_ts)
      if (!conversationId || !event.text?.trim()) return
      const actor = await people.agentOf(event.user)
      if (!actor) return people.tell(inboxChannel, event.user, 'Votre compte Slack n’est lié à aucun compte agent de la mairie (même adresse électronique).', event.thread_ts)
      try {
        const { messageId } = await ctx.reply(conversationId, actor, unescapeSlack(event.text.trim()))
        threads.relayedFromSlack(messageId)
      } catch (error) {
        if (error instanceof AppError && error.statusCode === 409) return people.tell(inboxChannel, event.user, 'Un autre agent tient cette conversation : votre message n’a pas été envoyé.', event.thread_ts)
        throw error
      }
    }

    async function onAction (payload: Record<string, unknown>): Promise<void> {
      const user = (payload.user as { id?: string } | undefined)?.id
      const action = (payload.actions as { action_id?: string, value?: string }[] | undefined)?.[0]
      if (!user || !action?.value) return
      const actor = await people.agentOf(user)
      if (!actor) return people.tell(inboxChannel, user, 'Votre compte Slack n’est lié à aucun compte agent de la mairie.')
      try {
        if (action.action_id === 'takeover') await ctx.takeOver(action.value, actor)
        if (action.action_id === 'handback') await ctx.handBack(action.value, actor)
      } catch (error) {
        if (error instanceof AppError) return people.tell(inboxChannel, user, error.statusCode === 409 ? 'Un autre agent tient cette conversation.' : error.message)
        throw error
      }
    }
  }
}

function parseBody (raw: string, contentType: string): Record<string, unknown> {
  try {
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw)
      const payload = form.get('payload')
      return payload ? JSON.parse(payload) : Object.fromEntries(form)
    }
    return JSON.parse(raw)
  } catch {
    throw new AppError('validation_failed', 'The Slack payload is not valid JSON')
  }
}

/** Slack sends &, < and > escaped; the citizen should read what the agent typed. */
function unescapeSlack (text: string): string {
  return text.replace(/<(https?:\/\/[^|>]+)(\|[^>]+)?>/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}
