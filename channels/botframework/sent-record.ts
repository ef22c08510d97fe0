// After a stop during a send (issue 19): the Bot Framework connector has no list of what a bot
// posted, so the channel notes each reply the connector took, right after it answered, under the
// conversation (the outbox records sends only once its whole batch is done, and a kill -9 in
// between made the citizen get those replies twice: crash:botframework, docs/performance.md).
// A send whose outcome is unknown is looked up here before being posted again.
import type { ChannelContext } from '../../src/core/channel.ts'

/** Replies kept per conversation: a conversation's sends go out one after the other, few are in flight. */
const KEEP = 20

type Noted = [outboxId: string, activityId: string][]

export class SentRecord {
  #state: ChannelContext['state'] | undefined

  /** The channel's durable state, handed over when its routes are mounted (every instance mounts them). */
  attach (state: ChannelContext['state']): void {
    this.#state = state
  }

  async note (conversationId: string, outboxId: string, activityId: string): Promise<void> {
    if (!this.#state) return
    const key = `sent:${conversationId}`
    const noted = (await this.#state.get(key) as Noted | undefined) ?? []
    await this.#state.set(key, [...noted.filter(([id]) => id !== outboxId), [outboxId, activityId]].slice(-KEEP))
  }

  async find (conversationId: string, outboxId: string): Promise<string | undefined> {
    if (!this.#state) return undefined
    const noted = (await this.#state.get(`sent:${conversationId}`) as Noted | undefined) ?? []
    return noted.find(([id]) => id === outboxId)?.[1]
  }
}
