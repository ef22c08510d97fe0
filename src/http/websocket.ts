// @fastify/websocket once, at the root. Registered in two plugins (the web chat and the inbox),
// it added two 'upgrade' listeners to the server: the second found the socket already taken and
// logged "websocket upgrade failed: ServerResponse has an already assigned socket" (issue 19).
import type { FastifyInstance } from 'fastify'
import websocket from '@fastify/websocket'

export async function installWebsocket (app: FastifyInstance): Promise<void> {
  // 16 KiB: the web chat's largest frame; the inbox's feed only pushes.
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } })
}
