// The agents' channels (Slack) act through the same actions as the web inbox: same rules
// (one holder, replies through the outbox), same audit trail.
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client.ts'
import type { AgentChannelContext } from '../core/agent-channel.ts'
import type { ConversationCore } from '../core/conversation-core.ts'
import type { AgentRole } from '../domain.ts'
import { handBack, reply, takeOver } from './conversations/actions.ts'

export function agentChannelContext (db: Db, core: ConversationCore, name: string, log: FastifyBaseLogger): AgentChannelContext {
  const key = (k: string) => `${name}:${k}`
  return {
    live: core.live,
    log,
    async conversation (id, afterMessageId) {
      const c = await db.conversation.findUnique({
        where: { id },
        include: {
          assignedAgent: { select: { name: true } },
          identity: { select: { kind: true } },
          messages: { where: { id: { gt: afterMessageId }, direction: { in: ['inbound', 'outbound'] } }, orderBy: { id: 'asc' }, take: 50, select: { id: true, author: true, text: true, createdAt: true } },
        },
      })
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
      const agent = await db.agent.findUnique({ where: { email: email.trim().toLowerCase() } })
      return agent && !agent.disabledAt ? { id: agent.id, role: agent.role as AgentRole, name: agent.name } : undefined
    },
    async takeOver (conversationId, actor) {
      await takeOver(db, conversationId, actor)
      core.live.emit('conversation', { conversationId, reason: 'takeover', agentId: actor.id })
      core.outbox.wake()
    },
    async reply (conversationId, actor, text) {
      const message = await reply(db, conversationId, actor, text)
      core.live.emit('conversation', { conversationId, reason: 'agent_reply', agentId: actor.id })
      core.outbox.wake()
      return { messageId: message.id }
    },
    async handBack (conversationId, actor) {
      await handBack(db, conversationId, actor)
      core.live.emit('conversation', { conversationId, reason: 'handback', agentId: actor.id })
      core.outbox.wake()
    },
    state: {
      async get (k) {
        const row = await db.channelState.findUnique({ where: { key: key(k) } })
        return row ? JSON.parse(row.value) : undefined
      },
      async set (k, value) {
        await db.channelState.upsert({ where: { key: key(k) }, create: { key: key(k), value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } })
      },
    },
  }
}
