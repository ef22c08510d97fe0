// One Slack thread per conversation that needs (or has) a person: announced when it does,
// then every citizen-visible message is mirrored into it. Thread ↔ conversation is persisted.
import type { AgentChannelContext } from '../../src/core/agent-channel.ts'
import { SerialQueues } from './serial-queues.ts'
import { mirroredLine, threadSummary } from './format.ts'

export type SlackApi = {
  postMessage (args: { channel: string, text: string, thread_ts?: string, blocks?: unknown[] }): Promise<{ ts?: string }>
}

type ThreadState = { ts: string, lastMirrored: number }

export class SlackThreads {
  readonly #queues = new SerialQueues()
  /** Agent messages typed in Slack: already in the thread, never mirrored back. */
  readonly #fromSlack = new Set<number>()

  constructor (private readonly api: SlackApi, private readonly channel: string, private readonly ctx: AgentChannelContext) {}

  sync (conversationId: string): Promise<void> {
    return this.#queues.push(conversationId, async () => {
      try {
        await this.#sync(conversationId)
      } catch (error) {
        this.ctx.log.warn({ err: (error as Error).message, conversationId }, 'slack: thread sync failed')
      }
    })
  }

  relayedFromSlack (messageId: number): void {
    this.#fromSlack.add(messageId)
  }

  async conversationOfThread (threadTs: string): Promise<string | undefined> {
    return await this.ctx.state.get(`ts:${threadTs}`) as string | undefined
  }

  idle (): Promise<void> {
    return this.#queues.idle()
  }

  async #sync (conversationId: string): Promise<void> {
    const thread = await this.ctx.state.get(`conversation:${conversationId}`) as ThreadState | undefined
    const view = await this.ctx.conversation(conversationId, thread?.lastMirrored ?? 0)
    if (!view) return
    // Conversations the assistant handles alone stay out of Slack: agents are told what needs them.
    if (!thread && !view.needsHuman && view.holder !== 'agent') return
    let state = thread
    if (!state) {
      const summary = threadSummary(view)
      const posted = await this.api.postMessage({ channel: this.channel, text: summary.text, blocks: summary.blocks })
      if (!posted.ts) return
      state = { ts: posted.ts, lastMirrored: 0 }
      await this.ctx.state.set(`ts:${posted.ts}`, conversationId)
    }
    for (const message of view.messages) {
      if (!this.#fromSlack.delete(message.id)) {
        await this.api.postMessage({ channel: this.channel, thread_ts: state.ts, text: mirroredLine(message) })
      }
      state = { ...state, lastMirrored: message.id }
    }
    await this.ctx.state.set(`conversation:${conversationId}`, state)
  }
}
