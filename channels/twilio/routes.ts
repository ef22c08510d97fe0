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
    app.post('/messages', async (request, reply) => {
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

    app.post('/status', async (request, reply) => {
      const update = parseStatusCallback(verifiedParams(request))
      const outboxId = (request.query as { outboxId?: unknown }).outboxId
      if (update) await ctx.updateDelivery(typeof outboxId === 'string' && /^[\w-]{1,64}$/.test(outboxId) ? { ...update, outboxId } : update)
      return reply.code(204).send()
    })
  }
}
