// A closed-loop HTTP load for the channels' webhooks (Twilio, Bot Framework): N keep-alive
// connections post as fast as the server answers, each request built by the caller (signed,
// form-encoded or JSON), for a time or a number of requests. Counts a 2xx as accepted and keeps each one's latency.
import http from 'node:http'
import { nowMs } from './clock.ts'

export type WebhookRequest = { path: string, headers: Record<string, string>, body: string }
export type RequestLoadResult = { accepted: number, refused: number, errors: number, elapsedMs: number, latencies: number[] }

export async function driveRequests (url: string, options: { durationMs: number, connections: number, count?: number }, build: (n: number) => WebhookRequest, first = 0): Promise<RequestLoadResult & { sent: number }> {
  const { hostname, port } = new URL(url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const result = { accepted: 0, refused: 0, errors: 0, elapsedMs: 0, latencies: [] as number[], sent: 0 }
  let n = first
  const start = nowMs()
  const end = start + options.durationMs
  const post = (): Promise<void> => new Promise(resolve => {
    const { path, headers, body } = build(n++)
    result.sent++
    const t0 = nowMs()
    const request = http.request({ hostname, port, agent, method: 'POST', path, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, response => {
      response.resume()
      response.on('end', () => {
        if (response.statusCode! >= 200 && response.statusCode! < 300) {
          result.accepted++
          result.latencies.push(nowMs() - t0)
        } else {
          result.refused++
        }
        resolve()
      })
    })
    request.on('error', () => { result.errors++; resolve() })
    request.end(body)
  })
  await Promise.all(Array.from({ length: options.connections }, async () => {
    while (nowMs() < end && (options.count === undefined || result.sent < options.count)) await post()
  }))
  result.elapsedMs = nowMs() - start
  agent.destroy()
  return result
}
