// Slack, the agents' side: conversations that need a person get a thread in SLACK_INBOX_CHANNEL;
// an agent answers the citizen by replying in the thread, and takes over or hands back with buttons.
import { webApi } from '@slack/bolt'
import type { AgentChannel, AgentActor } from '../../src/core/agent-channel.ts'
import type { SlackConfig } from './config.ts'
import { SlackThreads } from './threads.ts'
import { slackRoutes, type SlackPeople } from './routes.ts'

const FOLLOWED = new Set(['inbound', 'answered', 'send_failed', 'takeover', 'handback', 'agent_reply', 'delivery'])

export function createSlackChannel (config: SlackConfig): AgentChannel & { threads?: SlackThreads } {
  const client = new webApi.WebClient(config.botToken, {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.replace(/\/?$/, '/') } : {}),
    // A failing Slack must not hold the inbox up for half an hour (the default retries).
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  })
  const emails = new Map<string, string | undefined>()
  let listener: ((e: { conversationId: string, reason: string, remote?: boolean }) => void) | undefined
  const channel: AgentChannel & { threads?: SlackThreads } = {
    name: 'slack',
    // Registered when the app is built: the thread mirror starts listening then.
    async routes (app, { ctx }) {
      const threads = new SlackThreads({ postMessage: args => client.chat.postMessage(args as never) }, config.inboxChannel, ctx)
      channel.threads = threads
      const people: SlackPeople = {
        async agentOf (userId): Promise<AgentActor | undefined> {
          if (!emails.has(userId)) {
            try {
              const info = await client.users.info({ user: userId })
              emails.set(userId, info.user?.profile?.email)
            } catch (error) {
              // An unknown or deleted Slack user is simply not an agent.
              if ((error as { data?: { error?: string } }).data?.error !== 'user_not_found') throw error
              emails.set(userId, undefined)
            }
          }
          const email = emails.get(userId)
          return email ? ctx.agentByEmail(email) : undefined
        },
        async tell (ch, user, text, threadTs) {
          await client.chat.postEphemeral({ channel: ch, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) })
        },
      }
      // The instance where it happened posts to Slack; the others only hear of it (issue 19).
      listener = (event) => { if (FOLLOWED.has(event.reason) && !event.remote) void threads.sync(event.conversationId) }
      ctx.live.on('conversation', listener)
      await app.register(slackRoutes({ signingSecret: config.signingSecret, inboxChannel: config.inboxChannel, threads, people }), { ctx })
      app.addHook('onClose', async () => {
        if (listener) ctx.live.off('conversation', listener)
        await threads.idle()
      })
    },
  }
  return channel
}
