// SMS and WhatsApp through Twilio (issue 5): on when TWILIO_* variables are set.
import type { ChannelAdapter, ChannelDeps } from '../../src/core/channel.ts'
import { createTwilioClient } from './client.ts'
import type { TwilioConfig } from './config.ts'
import { TWILIO_MAX_TEXT } from './parse-webhook.ts'
import { twilioRoutes } from './routes.ts'
import { createSender } from './send.ts'
import { WHATSAPP_WINDOW_MS } from './whatsapp-window.ts'
import { createSentFinder } from './find-sent.ts'

export function createTwilioChannel (config: TwilioConfig, deps: Pick<ChannelDeps, 'publicUrl'>): ChannelAdapter {
  const client = createTwilioClient(config)
  const send = createSender(config, client, `${deps.publicUrl}/channels/twilio/status`)
  return {
    name: 'twilio',
    maxTextLength: TWILIO_MAX_TEXT,
    routes: twilioRoutes(config, deps.publicUrl),
    send,
    findSent: createSentFinder(config, client),
    reaches (to, lastInboundAt, at) {
      if (to.kind !== 'whatsapp' || config.whatsappTemplateSid || config.whatsappSmsFallback) return true
      return lastInboundAt !== undefined && at.getTime() - lastInboundAt.getTime() < WHATSAPP_WINDOW_MS ? true : 'whatsapp_window'
    },
  }
}
