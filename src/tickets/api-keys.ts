// Open311 API keys: random, shown once, stored as a SHA-256 hash. A hash of a 256-bit random key
// needs no salt or slow KDF (nothing to brute-force), and a lookup by hash stays one index hit.
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../db/client.ts'

const KEY_PREFIX = 'o311_'

export function hashApiKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export async function createApiKey (db: Db, name: string, agentId: string) {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url')
  const row = await db.$transaction(async tx => {
    const created = await tx.apiKey.create({ data: { name, keyHash: hashApiKey(key), createdById: agentId } })
    await tx.auditEvent.create({ data: { actorKind: 'agent', actorId: agentId, action: 'api_key.created', targetType: 'api_key', targetId: created.id } })
    return created
  })
  return { id: row.id, name: row.name, key, createdAt: row.createdAt }
}

/** The key's id when it is valid and not revoked. */
export async function findApiKey (db: Db, key: string | undefined): Promise<string | undefined> {
  if (!key) return undefined
  const row = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) }, select: { id: true, revokedAt: true } })
  return row && !row.revokedAt ? row.id : undefined
}
