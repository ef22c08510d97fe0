// A web chat citizen, through the public HTTP API (app.inject: no socket needed).
import type { FastifyInstance } from 'fastify'

export type ChatMessage = { id: string, direction: 'inbound' | 'outbound', text: string, author: string, createdAt: string }

export async function openChat (app: FastifyInstance) {
  const res = await app.inject({ method: 'POST', url: '/channels/webchat/sessions', payload: {} })
  if (res.statusCode !== 201) throw new Error(`session: ${res.statusCode} ${res.body}`)
  const { sessionId, token } = res.json() as { sessionId: string, token: string }
  const auth = { authorization: `Bearer ${token}` }
  return {
    sessionId,
    token,
    async say (text: string, clientMessageId?: string) {
      const r = await app.inject({ method: 'POST', url: `/channels/webchat/sessions/${sessionId}/messages`, headers: auth, payload: { text, clientMessageId } })
      if (r.statusCode !== 202) throw new Error(`say: ${r.statusCode} ${r.body}`)
      return (r.json() as { messageId: string }).messageId
    },
    async messages (after = '0'): Promise<ChatMessage[]> {
      const r = await app.inject({ method: 'GET', url: `/channels/webchat/sessions/${sessionId}/messages?after=${after}`, headers: auth })
      return (r.json() as { messages: ChatMessage[] }).messages
    },
  }
}
