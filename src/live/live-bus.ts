// Notifications for pages that show things live (the web chat widget, the inbox). One bus per
// process; with several instances on PostgreSQL a relay (src/db/pg-live-relay.ts) carries the
// relayed events to every other instance's bus, marked `remote` there (issue 19).
import { EventEmitter } from 'node:events'

export type PublicMessage = {
  id: string
  direction: 'inbound' | 'outbound'
  text: string
  author: 'citizen' | 'bot' | 'agent'
  createdAt: string
}

export type LiveEvents = {
  /** Anything the inbox shows changed in a conversation (new message, holder, needs a person, delivery). */
  conversation: [{ conversationId: string, reason: string, agentId?: string, remote?: boolean }]
  /** A message for a web chat session's open tabs, wherever they are connected. */
  webchat: [{ sessionId: string, message: PublicMessage, remote?: boolean }]
  /** This inbound message is stored: its transaction committed (the bench times this). */
  stored: [{ messageId: number }]
  /** These inbound messages were handled: their replies are committed to the outbox (the bench times this). */
  turns: [{ messageIds: number[] }]
}

/** The events other instances must see too; `stored` and `turns` time this process's work only. */
export const RELAYED_EVENTS = new Set<keyof LiveEvents>(['conversation', 'webchat'])
export type RelayedEvent = { [K in 'conversation' | 'webchat']: [K, LiveEvents[K][0]] }['conversation' | 'webchat']

export class LiveBus extends EventEmitter<LiveEvents> {
  #relay?: (event: RelayedEvent) => void

  constructor () {
    super()
    this.setMaxListeners(0) // one listener per open widget or inbox page
  }

  /** Every relayed event emitted here from now on is also handed to `relay` (one per bus). */
  relayTo (relay: ((event: RelayedEvent) => void) | undefined): void {
    this.#relay = relay
  }

  override emit<K extends keyof LiveEvents> (event: K, ...args: LiveEvents[K]): boolean {
    const delivered = (super.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args)
    if (this.#relay && RELAYED_EVENTS.has(event)) this.#relay([event, args[0]] as RelayedEvent)
    return delivered
  }

  /** An event from another instance: delivered here only, marked remote, never relayed back. */
  emitRemote (event: RelayedEvent): void {
    ;(super.emit as (event: string, ...args: unknown[]) => boolean)(event[0], { ...event[1], remote: true })
  }
}

export function toPublicMessage (m: { id: number, direction: string, author: string, text: string, createdAt: Date }): PublicMessage {
  return {
    id: String(m.id),
    direction: m.direction === 'inbound' ? 'inbound' : 'outbound',
    text: m.text,
    author: m.author === 'citizen' ? 'citizen' : m.author === 'agent' ? 'agent' : 'bot',
    createdAt: m.createdAt.toISOString(),
  }
}
