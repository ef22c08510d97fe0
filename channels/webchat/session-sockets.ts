// Open WebSockets by web chat session. Pushes go through the live bus once attached, so that a
// reply sent by another instance reaches the tab connected here (issue 19).
import type { WebSocket } from '@fastify/websocket'
import type { LiveBus, PublicMessage } from '../../src/live/live-bus.ts'

export class SessionSockets {
  readonly #bySession = new Map<string, Set<WebSocket>>()
  #live?: LiveBus

  /** From now on publish() goes through `live`, and what `live` carries is pushed to this process's sockets. */
  attach (live: LiveBus): () => void {
    const listener = (event: { sessionId: string, message: PublicMessage }) => this.push(event.sessionId, event.message)
    live.on('webchat', listener)
    this.#live = live
    return () => { live.off('webchat', listener); this.#live = undefined }
  }

  add (sessionId: string, socket: WebSocket): void {
    let set = this.#bySession.get(sessionId)
    if (!set) this.#bySession.set(sessionId, set = new Set())
    set.add(socket)
    socket.on('close', () => {
      set.delete(socket)
      if (!set.size) this.#bySession.delete(sessionId)
    })
  }

  /** To the session's tabs on every instance. */
  publish (sessionId: string, message: PublicMessage): void {
    if (this.#live) this.#live.emit('webchat', { sessionId, message })
    else this.push(sessionId, message)
  }

  /** To the session's tabs connected to this process. */
  push (sessionId: string, message: PublicMessage): void {
    const sockets = this.#bySession.get(sessionId)
    if (!sockets) return
    const data = JSON.stringify(message)
    for (const socket of sockets) {
      if (socket.readyState === socket.OPEN) socket.send(data)
    }
  }

  closeAll (): void {
    for (const set of this.#bySession.values()) for (const socket of set) socket.close(1001, 'server stopping')
  }
}
