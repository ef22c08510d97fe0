// The one list of channels. Adding a channel is a folder plus one line here.
// Order is the order of the start-up lines.
import type { ChannelModule } from '../src/core/channel.ts'
import type { AgentChannelModule } from '../src/core/agent-channel.ts'
import type { ChannelName, IdentityKind } from '../src/domain.ts'
import { webchat } from './webchat/index.ts'
import { twilio } from './twilio/index.ts'
import { email } from './email/index.ts'
import { botframework } from './botframework/index.ts'
import { slack } from './slack/index.ts'

export const channelModules: readonly ChannelModule[] = [webchat, twilio, email, botframework]

/** The agents' side: where staff follow and answer conversations outside the web inbox. */
export const agentChannelModules: readonly AgentChannelModule[] = [slack]

const channelByKind = new Map(channelModules.flatMap(module => module.identityKinds.map(kind => [kind, module.name] as const)))

/** The channel that writes to an address of this kind (each channel lists the kinds it reaches); undefined for a kind none reaches. */
export function channelOfKind (kind: string): ChannelName | undefined {
  return channelByKind.get(kind as IdentityKind)
}
