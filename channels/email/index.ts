// Email (IMAP in, SMTP out): the channel's settings, read and checked at start with the rest of the configuration.
// The adapter and its SDK (./channel.ts) are loaded only when the channel is on: a town that does
// not use it does not keep the library in memory.
import type { ChannelModule } from '../../src/core/channel.ts'
import { readEmailConfig, type EmailConfig } from './config.ts'

export const email: ChannelModule<EmailConfig> = {
  name: 'email',
  identityKinds: ['email'],
  readSettings: readEmailConfig,
  create: async (config, deps) => (await import('./channel.ts')).createEmailChannel(config, deps),
}
