// Slack (agents' threads): the channel's settings, read and checked at start with the rest of the configuration.
// The adapter and its SDK (./channel.ts) are loaded only when the channel is on: a town that does
// not use it does not keep the library in memory.
import type { AgentChannelModule } from '../../src/core/agent-channel.ts'
import { readSlackConfig, type SlackConfig } from './config.ts'

export const slack: AgentChannelModule<SlackConfig> = {
  name: 'slack',
  readSettings: readSlackConfig,
  create: async config => (await import('./channel.ts')).createSlackChannel(config),
}
