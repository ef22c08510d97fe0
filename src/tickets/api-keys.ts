// Open311 API keys: random, shown once, stored as a SHA-256 hash. A hash of a 256-bit random key
// needs no salt or slow KDF (nothing to brute-force), and a lookup by hash stays one index hit.
import { createHash, randomBytes } from 'node:crypto'
import type { Store } from '../db/transaction.ts'
import { findApiKeyByHash, storeApiKey } from '../db/open311-keys.ts'

const KEY_PREFIX = 'o311_'

export function hashApiKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export async function createApiKey (store: Store, name: string, agentId: string) {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url')
  const row = await storeApiKey(store, { name, keyHash: hashApiKey(key), agentId })
  return { id: row.id, name: row.name, key, createdAt: row.createdAt }
}

/** The key's id when it is valid and not revoked. */
export async function findApiKey (store: Store, key: string | undefined): Promise<string | undefined> {
  if (!key) return undefined
  const row = await findApiKeyByHash(store, hashApiKey(key))
  return row && !row.revokedAt ? row.id : undefined
}
