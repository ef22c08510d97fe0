// In-process notifications for pages that show things live (the web chat widget, the inbox).
// One instance per process; with several instances on PostgreSQL each pushes what it handled
// and the pages also poll (GET …?after=) so nothing is missed.
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
  conversation: [{ conversationId: string, reason: string, agentId?: string }]
  /** This inbound message is stored: its transaction committed (the bench times this). */
  stored: [{ messageId: number }]
  /** These inbound messages were handled: their replies are committed to the outbox (the bench times this). */
  turns: [{ messageIds: number[] }]
}

export class LiveBus extends EventEmitter<LiveEvents> {
  constructor () {
    super()
    this.setMaxListeners(0) // one listener per open widget or inbox page
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
