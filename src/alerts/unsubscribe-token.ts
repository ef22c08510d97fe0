// Signed one-click unsubscribe links (issue 20, RFC 8058): the token names the identity and the
// topic and is signed with the town's secret, so nobody can unsubscribe someone else by guessing.
// The secret is ALERTS_SECRET when set, else one generated at the first use and kept in the
// database (ChannelState), the same for every instance.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Store } from '../db/transaction.ts'
import { unsubscribeSecretOrCreate } from '../db/alert-subscriptions.ts'

export async function unsubscribeSecret (store: Store, configured?: string): Promise<string> {
  if (configured) return configured
  return unsubscribeSecretOrCreate(store, () => randomBytes(32).toString('base64url'))
}

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 32)

export function unsubscribeToken (secret: string, identityId: string, topic: string): string {
  const payload = Buffer.from(`${identityId} ${topic}`).toString('base64url')
  return `${payload}.${sign(secret, payload)}`
}

export function readUnsubscribeToken (secret: string, token: string): { identityId: string, topic: string } | undefined {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined) return undefined
  const expected = Buffer.from(sign(secret, payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  const [identityId, topic] = Buffer.from(payload, 'base64url').toString('utf8').split(' ')
  return identityId && topic ? { identityId, topic } : undefined
}
