// The ApiKey repository: the Open311 integrators' keys, stored by their hash
// (src/tickets/api-keys.ts makes and hashes keys), and their audited creation and revocation.
import { recordAudit } from './audit-log.ts'
import { inPrismaTransaction } from './prisma-transaction.ts'
import { prismaFor, type DbOrTx, type Store } from './transaction.ts'

export type ApiKeyRow = { id: string, name: string, createdAt: Date, createdById: string | null, revokedAt: Date | null }

/** A new key under this hash, and its audit record, in one transaction. */
export async function storeApiKey (store: Store, input: { name: string, keyHash: string, agentId: string }): Promise<ApiKeyRow> {
  return inPrismaTransaction(store, async tx => {
    const created = await prismaFor(tx).apiKey.create({ data: { name: input.name, keyHash: input.keyHash, createdById: input.agentId } })
    await recordAudit(tx, { actorId: input.agentId, action: 'api_key.created', targetType: 'api_key', targetId: created.id })
    return created
  })
}

/** Every key, newest first (never their hash). */
export async function listApiKeys (on: DbOrTx): Promise<ApiKeyRow[]> {
  return prismaFor(on).apiKey.findMany({ orderBy: { createdAt: 'desc' }, select: { id: true, name: true, createdAt: true, createdById: true, revokedAt: true } })
}

export async function findApiKeyById (on: DbOrTx, id: string): Promise<ApiKeyRow | null> {
  return prismaFor(on).apiKey.findUnique({ where: { id }, select: { id: true, name: true, createdAt: true, createdById: true, revokedAt: true } })
}

export async function findApiKeyByHash (on: DbOrTx, keyHash: string): Promise<{ id: string, revokedAt: Date | null } | null> {
  return prismaFor(on).apiKey.findUnique({ where: { keyHash }, select: { id: true, revokedAt: true } })
}

/** Revokes a key at `revokedAt`, audited, in one transaction. */
export async function revokeApiKey (store: Store, keyId: string, revokedAt: Date, agentId: string): Promise<void> {
  await inPrismaTransaction(store, async tx => {
    await prismaFor(tx).apiKey.update({ where: { id: keyId }, data: { revokedAt } })
    await recordAudit(tx, { actorId: agentId, action: 'api_key.revoked', targetType: 'api_key', targetId: keyId })
  })
}
