// GET /api/live/ws: the inbox pages' live feed, authenticated by the session cookie (the
// onRequest hook sets request.agent). Only ids and reasons are pushed; pages re-read what changed.
import type { FastifyPluginAsync } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import type { LiveEvents } from '../live/live-bus.ts'

/** Browsers send Origin on WebSockets: refuse other sites using the agent's cookie (cross-site WebSocket hijacking). */
export function isSameOrigin (origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true // not a browser
  try { return new URL(origin).host === host } catch { return false }
}

export const liveSocket: FastifyPluginAsync<RouteDeps> = async (app, { core }) => {
  // @fastify/websocket is registered once by buildApp (src/http/websocket.ts).
  app.get('/api/live/ws', { websocket: true }, (socket, request) => {
    if (!request.agent) { socket.close(4401, 'Sign in first'); return }
    if (!isSameOrigin(request.headers.origin, request.headers.host)) { socket.close(4403, 'Cross-site connection refused'); return }
    const push = (event: LiveEvents['conversation'][0]) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'conversation', ...event }))
    }
    core.live.on('conversation', push)
    socket.on('close', () => core.live.off('conversation', push))
    socket.on('message', () => { /* push only */ })
  })
}
