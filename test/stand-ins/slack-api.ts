// A local Slack Web API: records every call the official WebClient makes, answers like Slack.
import Fastify from 'fastify'
import formbody from '@fastify/formbody'

export type SlackCall = { method: string, body: Record<string, unknown>, authorization?: string }

export async function startSlackApi (users: Record<string, string>) {
  const app = Fastify()
  await app.register(formbody)
  const calls: SlackCall[] = []
  let ts = 1700000000
  app.post('/api/:method', async (request) => {
    const { method } = request.params as { method: string }
    const body = (request.body ?? {}) as Record<string, unknown>
    calls.push({ method, body, authorization: request.headers.authorization })
    switch (method) {
      case 'auth.test': return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }
      case 'chat.postMessage': return { ok: true, channel: body.channel, ts: `${ts++}.000100` }
      case 'chat.postEphemeral': return { ok: true, message_ts: `${ts++}.000200` }
      case 'users.info': {
        const email = users[String(body.user)]
        return email ? { ok: true, user: { id: body.user, profile: { email } } } : { ok: false, error: 'user_not_found' }
      }
      default: return { ok: false, error: 'unknown_method' }
    }
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url: `${url}/api/`, calls, close: () => app.close() }
}
