// Bot Framework (Teams, Messenger): the channel's settings, read and checked at start with the rest of the configuration.
// The adapter and its SDK (./channel.ts) are loaded only when the channel is on: a town that does
// not use it does not keep the library in memory.
import type { ChannelModule } from '../../src/core/channel.ts'
import { readBotFrameworkConfig, type BotFrameworkConfig } from './config.ts'

export const botframework: ChannelModule<BotFrameworkConfig> = {
  name: 'botframework',
  identityKinds: ['botframework'],
  readSettings: readBotFrameworkConfig,
  create: async config => (await import('./channel.ts')).createBotFrameworkChannel(config),
}
