// The agents' channels (Slack) act through the same actions as the web inbox: same rules
// (one holder, replies through the outbox), same audit trail.
import type { FastifyBaseLogger } from 'fastify'
import type { Store } from '../db/transaction.ts'
import { conversationForAgentChannel } from '../db/inbox-conversations.ts'
import { activeAgentByEmail } from '../db/conversation-actions.ts'
import { readChannelState, writeChannelState } from '../db/channel-state.ts'
import type { AgentChannelContext } from '../core/agent-channel.ts'
import type { ConversationCore } from '../core/conversation-core.ts'
import type { AgentRole } from '../domain.ts'
import { handBack, reply, takeOver } from './conversations/actions.ts'

export function agentChannelContext (store: Store, core: ConversationCore, name: string, log: FastifyBaseLogger): AgentChannelContext {
  return {
    live: core.live,
    log,
    async conversation (id, afterMessageId) {
      const c = await conversationForAgentChannel(store, id, afterMessageId)
      if (!c) return undefined
      return {
        id: c.id,
        channel: c.channel,
        holder: c.holder === 'agent' ? 'agent' : 'bot',
        assignedAgentName: c.assignedAgent?.name,
        needsHuman: c.needsHuman,
        needsHumanReason: c.needsHumanReason ?? undefined,
        // Never the phone number or the email: Slack is outside the town's systems.
        citizenLabel: `citoyen ${c.citizenId.slice(-6)} (${c.identity.kind})`,
        lang: c.lang,
        messages: c.messages,
      }
    },
    async agentByEmail (email) {
      const agent = await activeAgentByEmail(store, email.trim().toLowerCase())
      return agent ? { id: agent.id, role: agent.role as AgentRole, name: agent.name } : undefined
    },
    async takeOver (conversationId, actor) {
      await takeOver(store, conversationId, actor)
      core.live.emit('conversation', { conversationId, reason: 'takeover', agentId: actor.id })
      core.outbox.wake()
    },
    async reply (conversationId, actor, text) {
      const message = await reply(store, conversationId, actor, text)
      core.live.emit('conversation', { conversationId, reason: 'agent_reply', agentId: actor.id })
      core.outbox.wake()
      return { messageId: message.id }
    },
    async handBack (conversationId, actor) {
      await handBack(store, conversationId, actor)
      core.live.emit('conversation', { conversationId, reason: 'handback', agentId: actor.id })
      core.outbox.wake()
    },
    state: {
      get: k => readChannelState(store, name, k),
      async set (k, value) {
        await writeChannelState(store, name, k, value)
      },
    },
  }
}
