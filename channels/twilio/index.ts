// Twilio SMS and WhatsApp: the channel's settings, read and checked at start with the rest of the configuration.
// The adapter and its SDK (./channel.ts) are loaded only when the channel is on: a town that does
// not use it does not keep the library in memory.
import type { ChannelModule } from '../../src/core/channel.ts'
import { readTwilioConfig, type TwilioConfig } from './config.ts'

export const twilio: ChannelModule<TwilioConfig> = {
  name: 'twilio',
  identityKinds: ['phone', 'whatsapp'],
  readSettings: readTwilioConfig,
  async create (config, deps) {
    if (/^http:\/\/(127\.|localhost|\[::1\])/.test(deps.publicUrl)) {
      // Twilio signs the URL it calls: with a loopback PUBLIC_URL every real webhook would be refused.
      deps.log.warn('twilio: PUBLIC_URL is a loopback address; set it to the public URL Twilio calls, or its webhooks will be refused (403)')
    }
    return (await import('./channel.ts')).createTwilioChannel(config, deps)
  },
}
