// A local Bot Framework connector: what Azure Bot Service would receive from the bot, recorded.
// Also serves OpenID metadata and signing keys so that authentication can be tested offline.
import Fastify from 'fastify'
import { generateKeyPairSync, createSign, randomUUID } from 'node:crypto'

/** `id` is the activity id the connector answered with (the bot stores it as the provider's message id). */
export type RecordedActivity = { id: string, conversationId: string, path: string, activity: Record<string, unknown>, authorization?: string }

export async function startBotFrameworkConnector () {
  const app = Fastify()
  const received: RecordedActivity[] = []
  let failures = 0
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string, e: string }
  const kid = 'test-key'
  let base = ''
  const issuer = 'https://api.botframework.test'

  const record = async (request: { params: { cid: string }, url: string, body: unknown, headers: Record<string, unknown> }, reply: { code: (n: number) => { send: (b: unknown) => unknown } }) => {
    if (failures > 0) { failures--; return reply.code(503).send({ error: { code: 'ServiceError', message: 'try later' } }) }
    const id = randomUUID()
    received.push({ id, conversationId: request.params.cid, path: request.url, activity: request.body as Record<string, unknown>, authorization: request.headers.authorization as string | undefined })
    return reply.code(200).send({ id })
  }
  app.post('/v3/conversations/:cid/activities', record as never)
  app.post('/v3/conversations/:cid/activities/:aid', record as never)
  app.get('/.well-known/openid-configuration', async () => ({ issuer, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }))
  app.get('/keys', async () => ({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'webchat', 'emulator'] }] }))

  base = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    url: base,
    issuer,
    openIdMetadataUrl: `${base}/.well-known/openid-configuration`,
    received,
    failNext (n: number) { failures = n },
    /** A channel token as Azure Bot Service would send it. */
    sign (claims: Record<string, unknown>): string {
      const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
      const now = Math.floor(Date.now() / 1000)
      const unsigned = `${enc({ alg: 'RS256', typ: 'JWT', kid })}.${enc({ iss: issuer, nbf: now - 60, exp: now + 600, ...claims })}`
      return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`
    },
    close: () => app.close(),
  }
}
