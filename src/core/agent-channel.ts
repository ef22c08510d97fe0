// The agents' side channels (Slack): where the town's staff follow and answer conversations
// outside the web inbox. The core owns this contract; src/inbox/ implements the context.
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import type { AgentRole } from '../domain.ts'
import type { LiveBus } from '../live/live-bus.ts'

export type AgentActor = { id: string, role: AgentRole, name: string }

export type ConversationView = {
  id: string
  channel: string
  holder: 'bot' | 'agent'
  assignedAgentName?: string
  needsHuman: boolean
  needsHumanReason?: string
  citizenLabel: string
  lang: string
  messages: { id: number, author: string, text: string, createdAt: Date }[]
}

export type AgentChannelContext = {
  live: LiveBus
  /** The conversation and its citizen-visible messages after `afterMessageId` (internal notes excluded). */
  conversation (id: string, afterMessageId: number): Promise<ConversationView | undefined>
  /** An active agent account with this email (Slack users are matched to agents by email). */
  agentByEmail (email: string): Promise<AgentActor | undefined>
  takeOver (conversationId: string, actor: AgentActor): Promise<void>
  reply (conversationId: string, actor: AgentActor, text: string): Promise<{ messageId: number }>
  handBack (conversationId: string, actor: AgentActor): Promise<void>
  state: { get (key: string): Promise<unknown>, set (key: string, value: unknown): Promise<void> }
  log: FastifyBaseLogger
}

export interface AgentChannel {
  readonly name: string
  /** Mounted at /channels/<name>. */
  routes?: FastifyPluginAsync<{ ctx: AgentChannelContext }>
  start? (ctx: AgentChannelContext): Promise<void>
  stop? (): Promise<void>
}

/** Read in two steps as a ChannelModule (src/core/channel.ts): settings at start, then the channel. */
export type AgentChannelModule<Settings = unknown> = {
  name: string
  /** undefined when every variable is unset (off); a ConfigError when one is wrong. */
  readSettings (env: NodeJS.ProcessEnv): Settings | undefined
  create (settings: Settings, deps: { log: FastifyBaseLogger, publicUrl: string }): AgentChannel | Promise<AgentChannel>
}
