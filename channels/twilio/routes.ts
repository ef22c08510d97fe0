// POST /channels/twilio/messages (incoming SMS, MMS, WhatsApp) and /channels/twilio/status
// (delivery callbacks). Both are signed by Twilio; unsigned or forged requests change nothing.
// The webhook answers only after ctx.receive() stored the message, with empty TwiML: the reply
// goes out later through the outbox, so it is retried and its delivery tracked.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ChannelContext } from '../../src/core/channel.ts'
import { AppError } from '../../src/errors.ts'
import type { TwilioConfig } from './config.ts'
import { fetchMedia } from './fetch-media.ts'
import type { TwilioParams } from './params.ts'
import { parseIncomingMessage } from './parse-webhook.ts'
import { parseStatusCallback } from './parse-status.ts'
import { isSignedByTwilio } from './verify-signature.ts'
import { Type } from '@fastify/type-provider-typebox'
import { errors, fileResponse, HandCheckedBody, NoContent, TAGS } from '../../src/http/schemas.ts'

// Described, not constrained: the form is checked by its X-Twilio-Signature first (a forged or
// odd request gets 403 as before), then read by parse-webhook.ts and parse-status.ts.
const SIGNED = 'Form fields signed by Twilio (X-Twilio-Signature over PUBLIC_URL + path + sorted fields)'
const MessagesSchema = {
  summary: 'Twilio incoming-message webhook: SMS, MMS and WhatsApp (signed) → empty TwiML once stored',
  tags: [TAGS.channels],
  consumes: ['application/x-www-form-urlencoded'],
  produces: ['text/xml'],
  body: HandCheckedBody(SIGNED, {
    MessageSid: 'the message id (the dedupe key)', AccountSid: 'the account', MessagingServiceSid: 'the Messaging Service, if any', From: '+33… or whatsapp:+33…', To: 'our number', Body: 'the text',
    NumMedia: 'how many media', 'MediaUrl<n>': 'a media URL', 'MediaContentType<n>': 'its type', Latitude: 'a shared location (WhatsApp)', Longitude: 'a shared location (WhatsApp)', ProfileName: 'the WhatsApp profile name',
  }),
  response: { 200: fileResponse('Empty TwiML: <Response></Response>')[200], ...errors },
}
const StatusSchema = {
  summary: 'Twilio status callbacks: a sent message\'s delivery (signed)',
  tags: [TAGS.channels],
  consumes: ['application/x-www-form-urlencoded'],
  querystring: Type.Object({ outboxId: Type.Optional(Type.String({ description: 'Our outbox id, added to the callback URL when sending' })) }),
  body: HandCheckedBody(SIGNED, { MessageSid: 'the message id', MessageStatus: 'queued | sent | delivered | undelivered | failed | read', ErrorCode: 'Twilio\'s error code on failure' }),
  response: { 204: NoContent, ...errors },
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

export function twilioRoutes (config: TwilioConfig, publicUrl: string): FastifyPluginAsync<{ ctx: ChannelContext }> {
  function verifiedParams (request: FastifyRequest): TwilioParams {
    const params = (request.body && typeof request.body === 'object' ? request.body : {}) as TwilioParams
    const header = (name: string) => {
      const value = request.headers[name]
      return Array.isArray(value) ? value[0] : value
    }
    const signed = isSignedByTwilio({
      authToken: config.authToken,
      publicUrl,
      url: request.url,
      params,
      signature: header('x-twilio-signature'),
      signatureSettings: header('x-twilio-webhooks-signature-settings'),
    })
    if (!signed) throw new AppError('invalid_signature', 'The X-Twilio-Signature header is missing or does not match this request')
    return params
  }

  return async (app, { ctx }) => {
    app.post('/messages', { schema: MessagesSchema }, async (request, reply) => {
      const { message, media } = parseIncomingMessage(verifiedParams(request), config)
      if (media.length) {
        const { attachments, refused } = await fetchMedia(media, config)
        message.attachments = attachments
        if (refused.length) {
          message.meta = { ...message.meta, refusedMedia: refused }
          // A message made only of refused media is still stored, so agents see that something came.
          if (!message.text.trim() && !attachments.length && !message.location) message.text = `[${refused.map(r => r.contentType).join(', ')}]`
        }
      }
      const received = await ctx.receive(message)
      ctx.log.info({ messageId: received.messageId, duplicate: received.duplicate, attachments: message.attachments?.length ?? 0 }, 'twilio: message received')
      return reply.type('text/xml').send(EMPTY_TWIML)
    })

    app.post('/status', { schema: StatusSchema }, async (request, reply) => {
      const update = parseStatusCallback(verifiedParams(request))
      const outboxId = (request.query as { outboxId?: unknown }).outboxId
      if (update) await ctx.updateDelivery(typeof outboxId === 'string' && /^[\w-]{1,64}$/.test(outboxId) ? { ...update, outboxId } : update)
      return reply.code(204).send()
    })
  }
}
