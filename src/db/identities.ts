// The Identity repository: how a citizen is reached on one channel (unique per kind and value),
// what the identity remembers (last inbound time, the channel's reply context, STOP), and the
// web chat's session secrets. Which identities belong to one citizen is the core's rule
// (src/core/identity.ts); this file only reads and writes them.
import { bulkUpdate } from './bulk-write.ts'
import { asDateOrNull, groupBy, groupedIn, inList } from './sql.ts'
import { prismaFor, sqlFor, type DbOrTx, type Transaction } from './transaction.ts'

export type AddressKey = { kind: string, value: string }

/** An identity with its citizen's last identity and its open conversation (the newest, if several). */
export type IdentityWithConversation = { id: string, kind: string, value: string, citizenId: string, lastInboundAt: Date | null, lastIdentityId: string | null, openConversationId: string | null }

/** One query for a batch of addresses; addresses with no identity yet are absent. */
export async function identitiesWithOpenConversation (on: DbOrTx, addresses: AddressKey[]): Promise<IdentityWithConversation[]> {
  if (!addresses.length) return []
  const byAddress = groupedIn('i."kind"', 'i."value"', groupBy(addresses, a => a.kind, a => a.value))
  const rows = await sqlFor(on).all<IdentityWithConversation>(
    `SELECT i."id", i."kind", i."value", i."citizenId", i."lastInboundAt", ci."lastIdentityId",
      (SELECT c."id" FROM "Conversation" c WHERE c."identityId" = i."id" AND c."status" = 'open' ORDER BY c."lastMessageAt" DESC LIMIT 1) AS "openConversationId"
     FROM "Identity" i JOIN "Citizen" ci ON ci."id" = i."citizenId" WHERE ${byAddress.where}`,
    byAddress.params)
  for (const row of rows) row.lastInboundAt = asDateOrNull(row.lastInboundAt)
  return rows
}

export async function findIdentity (on: DbOrTx, address: AddressKey) {
  return prismaFor(on).identity.findUnique({ where: { kind_value: { kind: address.kind, value: address.value } } })
}

/** A new identity, for `citizenId` or for a new citizen created with it. */
export async function createIdentity (on: DbOrTx, address: AddressKey, citizenId: string | undefined, now: Date) {
  const client = prismaFor(on)
  const owner = citizenId ?? (await client.citizen.create({ data: { createdAt: now } })).id
  return client.identity.create({ data: { kind: address.kind, value: address.value, citizenId: owner, createdAt: now } })
}

// To the minute is enough (WhatsApp's window is 24 h; it may close up to a minute early, never
// late): a citizen chatting away does not rewrite their identity row on every message.
const LAST_INBOUND_PRECISION_MS = 60_000

/**
 * The last inbound time (WhatsApp's window) of these identities, to the minute. `lastInboundAt`
 * as read in this transaction: identities written to within the minute are left out before any
 * statement (a chatting citizen's batch then has none to run).
 */
export async function touchLastInbound (tx: Transaction, identities: { id: string, lastInboundAt: Date | null }[], now: Date): Promise<void> {
  const before = now.getTime() - LAST_INBOUND_PRECISION_MS
  const identityIds = identities.filter(i => i.lastInboundAt === null || i.lastInboundAt.getTime() < before).map(i => i.id)
  if (!identityIds.length) return
  const ids = inList(identityIds)
  await tx.sql.run(`UPDATE "Identity" SET "lastInboundAt" = ? WHERE "id" IN ${ids.list} AND ("lastInboundAt" IS NULL OR "lastInboundAt" < ?)`,
    [now, ...ids.params, new Date(before)])
}

/**
 * The last inbound time and the channel's reply context (opaque to everyone but its channel), for
 * many identities in one statement. Plain SQL: through Prisma's client it made every Bot Framework
 * batch rerun as a Prisma transaction (≈1 ms of CPU per activity).
 */
export async function saveReplyContexts (tx: Transaction, rows: { identityId: string, replyContext: unknown }[], now: Date): Promise<void> {
  // The latest reference of an identity wins (rows come in arrival order).
  const latest = new Map(rows.map(r => [r.identityId, r.replyContext]))
  await bulkUpdate(tx.sql, 'Identity', { lastInboundAt: 'timestamp', replyContext: 'text' },
    [...latest].map(([id, replyContext]) => ({ id, values: { lastInboundAt: now, replyContext: JSON.stringify(replyContext) } })))
}

/** STOP or START on this identity, with the consent event that says how. */
export async function recordConsent (tx: Transaction, identityId: string, action: 'opt_out' | 'opt_in', keyword: string, now: Date): Promise<void> {
  const client = tx.prisma()
  await client.identity.update({ where: { id: identityId }, data: { optedOutAt: action === 'opt_out' ? now : null } })
  await client.consentEvent.create({ data: { identityId, action, keyword, createdAt: now } })
}

export type OptedOutAddress = { citizenId: string, kind: string, value: string }

/** The identities of these citizens that sent STOP. */
export async function optedOutIdentitiesOf (on: DbOrTx, citizenIds: string[]): Promise<OptedOutAddress[]> {
  if (!citizenIds.length) return []
  const ids = inList(citizenIds)
  return sqlFor(on).all<OptedOutAddress>(`SELECT "citizenId", "kind", "value" FROM "Identity" WHERE "citizenId" IN ${ids.list} AND "optedOutAt" IS NOT NULL`, ids.params)
}

/** A new citizen reached at `address`, holding the hash of a session secret (the web chat). */
export async function registerWithSecret (on: DbOrTx, address: AddressKey, secretHash: string): Promise<void> {
  const client = prismaFor(on)
  const write = async (tx: typeof client) => {
    const citizen = await tx.citizen.create({ data: {} })
    await tx.identity.create({ data: { kind: address.kind, value: address.value, citizenId: citizen.id, secretHash } })
  }
  // One transaction: never a citizen without its identity.
  if ('$transaction' in client) await client.$transaction(tx => write(tx))
  else await write(client)
}

export async function secretHashOf (on: DbOrTx, address: AddressKey): Promise<string | null | undefined> {
  const identity = await prismaFor(on).identity.findUnique({ where: { kind_value: { kind: address.kind, value: address.value } }, select: { secretHash: true } })
  return identity?.secretHash
}

/** The kind of an identity (phone, whatsapp, email, webchat, botframework), if it exists. */
export async function identityKind (on: DbOrTx, identityId: string): Promise<string | undefined> {
  const identity = await prismaFor(on).identity.findUnique({ where: { id: identityId }, select: { kind: true } })
  return identity?.kind
}
