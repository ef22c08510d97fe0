// A small keep-alive HTTP load generator: closed loop (N connections, as fast as the server
// answers) or open loop (a fixed rate, the way real citizens arrive). Records each accepted
// message's id with the time its POST started.
import http from 'node:http'
import { nowMs } from './clock.ts'

export type Target = { url: string, sessions: { sessionId: string, token: string }[] }
export type LoadOptions = { durationMs: number, connections: number, rate?: number }
export type LoadResult = {
  accepted: number, refused: number, errors: number, elapsedMs: number, latencies: number[], started: Map<string, number>, firstAcceptedAt: number,
  /** When each accepted message's answer came, in ms from the load's start (a phase's rate over part of it). */
  acceptedAt: number[],
}

const TEXTS = ['bonjour', 'quels sont les horaires de la mairie ?', 'quel est le menu de la cantine demain ?', 'merci beaucoup', 'quels événements ce week-end ?', 'hello, what are the opening hours of the town hall?']

export async function drive (target: Target, options: LoadOptions): Promise<LoadResult> {
  const { hostname, port } = new URL(target.url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const result: LoadResult = { accepted: 0, refused: 0, errors: 0, elapsedMs: 0, latencies: [], started: new Map(), firstAcceptedAt: Infinity, acceptedAt: [] }
  // Ids as the widget makes them (the time first), unique per run: the web chat treats a
  // repeated client id as a retry of the same message.
  const runId = Math.random().toString(36).slice(2, 10)
  let sent = 0
  let inFlight = 0
  const start = nowMs()
  const end = start + options.durationMs

  const post = (): Promise<void> => new Promise(resolve => {
    const n = sent++
    const session = target.sessions[n % target.sessions.length]
    const body = JSON.stringify({ text: TEXTS[n % TEXTS.length], clientMessageId: `${Date.now().toString(36)}-${runId}-${n}` })
    const t0 = nowMs()
    inFlight++
    const request = http.request({ hostname, port, agent, method: 'POST', path: `/channels/webchat/sessions/${session.sessionId}/messages`, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${session.token}` } }, response => {
      const chunks: Buffer[] = []
      response.on('data', chunk => chunks.push(chunk))
      response.on('end', () => {
        const t1 = nowMs()
        inFlight--
        if (response.statusCode === 202) {
          result.accepted++
          result.latencies.push(t1 - t0)
          result.acceptedAt.push(t1 - start)
          result.started.set(JSON.parse(Buffer.concat(chunks).toString()).messageId, t0)
          if (t1 < result.firstAcceptedAt) result.firstAcceptedAt = t1
        } else {
          result.refused++
        }
        resolve()
      })
    })
    request.on('error', () => { inFlight--; result.errors++; resolve() })
    request.end(body)
  })

  if (options.rate) {
    // Open loop: send on schedule whatever the latency, capped so an overloaded server is visible, not hidden.
    const rate = options.rate
    const pending = new Set<Promise<void>>()
    while (nowMs() < end) {
      const due = Math.floor((nowMs() - start) * rate / 1000)
      while (sent < due && inFlight < options.connections) {
        const p = post()
        pending.add(p)
        void p.then(() => pending.delete(p))
      }
      await new Promise(resolve => setTimeout(resolve, 1))
    }
    await Promise.all(pending)
  } else {
    await Promise.all(Array.from({ length: options.connections }, async () => {
      while (nowMs() < end) await post()
    }))
  }
  result.elapsedMs = nowMs() - start
  agent.destroy()
  return result
}

export function percentile (values: number[], p: number): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]
}
