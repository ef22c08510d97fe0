// Open WebSockets by web chat session.
import type { WebSocket } from '@fastify/websocket'
import type { PublicMessage } from '../../src/core/live.ts'

export class SessionSockets {
  readonly #bySession = new Map<string, Set<WebSocket>>()

  add (sessionId: string, socket: WebSocket): void {
    let set = this.#bySession.get(sessionId)
    if (!set) this.#bySession.set(sessionId, set = new Set())
    set.add(socket)
    socket.on('close', () => {
      set.delete(socket)
      if (!set.size) this.#bySession.delete(sessionId)
    })
  }

  push (sessionId: string, message: PublicMessage): void {
    const data = JSON.stringify(message)
    for (const socket of this.#bySession.get(sessionId) ?? []) {
      if (socket.readyState === socket.OPEN) socket.send(data)
    }
  }

  closeAll (): void {
    for (const set of this.#bySession.values()) for (const socket of set) socket.close(1001, 'server stopping')
  }
}
