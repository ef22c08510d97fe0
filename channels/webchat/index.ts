// The web chat: always on. The widget talks to /channels/webchat/*; replies are pushed over a
// WebSocket when the outbox "sends" them, and the widget can always read back what it missed.
import type { ChannelAdapter, ChannelModule } from '../../src/core/channel.ts'
import { SessionSockets } from './session-sockets.ts'
import { webchatRoutes } from './routes.ts'
import { widgetPages } from './widget-pages.ts'

export const WEBCHAT_MAX_TEXT = 4000 // the limit for one message

export function createWebchatChannel (): ChannelAdapter<'history' | 'sessions'> & { sockets: SessionSockets } {
  const sockets = new SessionSockets()
  return {
    name: 'webchat',
    uses: { history: true, sessions: true },
    maxTextLength: WEBCHAT_MAX_TEXT,
    sockets,
    routes: webchatRoutes(sockets),
    pages: widgetPages,
    async send (message) {
      // Delivered live to every open tab of the session; a closed tab reads it back with GET …/messages.
      sockets.publish(message.to.value, {
        id: String(message.messageId),
        direction: 'outbound',
        text: message.text,
        author: message.author === 'agent' ? 'agent' : 'bot',
        createdAt: message.createdAt.toISOString(),
      })
      return { providerMessageId: `webchat-${message.messageId}`, status: 'sent' }
    },
  }
}

export const webchat: ChannelModule<Record<string, never>> = {
  name: 'webchat',
  identityKinds: ['webchat'],
  readSettings: () => ({}), // always on: no settings
  create: () => createWebchatChannel(),
}
