// Step one of every inbound message, whatever the channel: recognise a redelivery, find the
// citizen and the conversation, store the message. The channel acknowledges its provider only
// after the transaction commits (stored before acknowledged).
//
// Messages that arrive together are stored together: while one transaction runs, the next
// messages queue, and the following transaction stores all of them with a few multi-row
// statements in hand-written SQL (src/db/sql.ts). At low load a batch is one message and nothing
// waits; at 2,000 messages/s a batch is tens of messages for the price of one. Prisma's client
// is asked for only on the rare paths (a new citizen or conversation, attachments, threading).
import { recordMetric } from '../metrics/metric-events.ts'
import { nameOfSender } from './citizen-name.ts'
import type { Db, Tx } from '../db/client.ts'
import { isUniqueViolation } from '../db/client.ts'
import { AppError } from '../errors.ts'
import { MAX_ATTACHMENT_BYTES } from '../domain.ts'
import type { ChannelAdapter, InboundMessage, ReplyReferenceScope } from './channel.ts'
import { wrapReplyReference } from './reply-reference.ts'
import { findOrCreateIdentity } from './identity.ts'
import { bulkUpdate, insertRowsReturningIds } from '../db/bulk-write.ts'
import { asDate, placeholders, sqlOf, type Sql } from '../db/sql.ts'
import { GroupCommit } from '../db/group-commit.ts'
import { BatchQueue, fulfilled, rejected, type Settled } from '../batch-queue.ts'

const MAX_BATCH = 200
const LAST_INBOUND_PRECISION_MS = 60_000

/** A message with where its channel's reply reference is kept, when it carries one. */
type Inbound = InboundMessage & { referenceScope?: ReplyReferenceScope }

export type Received = { messageId: number, duplicate: boolean, conversationId: string, identityId: string, citizenId: string, createdAt: Date }

export class InboundWriter {
  readonly #db: Db
  readonly #commit: GroupCommit
  readonly #messages = new BatchQueue<Inbound, Received>(MAX_BATCH, batch => this.#store(batch))

  /** `commit`: shared with the other hot-path writers, so that writes ready together commit together. */
  constructor (db: Db, commit = new GroupCommit(db)) {
    this.#db = db
    this.#commit = commit
  }

  /** Resolves once the message is stored (or recognised as a redelivery). Bad input is refused before anything is queued. */
  receive (adapter: Pick<ChannelAdapter, 'maxTextLength' | 'replyReferenceScope'>, message: InboundMessage): Promise<Received> {
    validate(adapter, message)
    return this.#messages.push(message.replyReference === undefined ? message : { ...message, referenceScope: adapter.replyReferenceScope ?? 'conversation' })
  }

  async #store (batch: Inbound[]): Promise<Settled<Received>[]> {
    try {
      const received = await this.#commit.run((sql, prisma) => storeMessages(sql, prisma, batch, new Date()),
        { needsPrisma: batch.some(m => m.attachments?.length || m.conversationHint || m.referenceScope === 'address') })
      return received.map(r => fulfilled(r))
    } catch (error) {
      if (batch.length === 1) {
        // A redelivery racing the first delivery (another instance): the unique (channel,
        // externalId) decided and the transaction left nothing behind.
        const again = isUniqueViolation(error) ? await findDuplicate(this.#db, batch[0]).catch(() => undefined) : undefined
        return [again ? fulfilled(again) : rejected(error)]
      }
    }
    // One message spoiled the batch (or another instance raced us): store each on its own, so
    // the others are not refused for it.
    const outcomes: Settled<Received>[] = []
    for (const message of batch) outcomes.push(...await this.#store([message]))
    return outcomes
  }
}

function validate (adapter: Pick<ChannelAdapter, 'maxTextLength'>, message: InboundMessage): void {
  if (!message.externalId || message.externalId.length > 500) throw new AppError('validation_failed', 'The message has no usable id')
  if (message.text.length > adapter.maxTextLength) {
    throw new AppError('payload_too_large', `The text is longer than ${adapter.maxTextLength} characters`)
  }
  if (!message.text.trim() && !message.attachments?.length && !message.location) {
    throw new AppError('validation_failed', 'The message is empty')
  }
  for (const a of message.attachments ?? []) {
    if ((a.data?.length ?? 0) > MAX_ATTACHMENT_BYTES) throw new AppError('payload_too_large', `Attachment "${a.filename}" is over ${MAX_ATTACHMENT_BYTES} bytes`)
  }
}

const DUPLICATE_COLUMNS = 'm."id", m."channel", m."externalId", m."conversationId", m."citizenId", m."createdAt", c."identityId"'
type DuplicateRow = { id: number, channel: string, externalId: string, conversationId: string, citizenId: string, createdAt: unknown, identityId: string }

async function findDuplicate (db: Db, message: InboundMessage): Promise<Received | undefined> {
  const [existing] = await sqlOf(db).all<DuplicateRow>(
    `SELECT ${DUPLICATE_COLUMNS} FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" WHERE m."channel" = ? AND m."externalId" = ?`,
    [message.channel, message.externalId])
  return existing ? asDuplicate(existing) : undefined
}

function asDuplicate (m: DuplicateRow): Received {
  return { messageId: m.id, duplicate: true, conversationId: m.conversationId, identityId: m.identityId, citizenId: m.citizenId, createdAt: asDate(m.createdAt) }
}

const keyOf = (channel: string, externalId: string) => `${channel}\u0000${externalId}`
const identityKey = (kind: string, value: string) => `${kind}\u0000${value}`
const addressKey = (m: InboundMessage) => identityKey(m.from.kind, m.from.value)

/** `("a" = ? AND "b" IN (?, ?)) OR (…)`: rows matching one of the (key, values) groups. */
function groupedIn (keyColumn: string, valueColumn: string, groups: [string, string[]][]): { where: string, params: string[] } {
  return {
    where: groups.map(([, values]) => `(${keyColumn} = ? AND ${valueColumn} IN ${placeholders(values.length)})`).join(' OR '),
    params: groups.flatMap(([key, values]) => [key, ...values]),
  }
}

type IdentityRow = { id: string, kind: string, value: string, citizenId: string, lastIdentityId: string | null, openConversationId: string | null }

/** Stores the messages in arrival order; returns one result per message, in the same order. */
async function storeMessages (sql: Sql, prisma: () => Tx, messages: Inbound[], now: Date): Promise<Received[]> {
  const results: (Received | undefined)[] = new Array(messages.length)

  // 1. Redeliveries: already stored, or twice in this very batch.
  const byExternalId = groupedIn('m."channel"', 'm."externalId"', groupBy(messages, m => m.channel, m => m.externalId))
  const stored = await sql.all<DuplicateRow>(`SELECT ${DUPLICATE_COLUMNS} FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" WHERE ${byExternalId.where}`, byExternalId.params)
  const known = new Map(stored.map(m => [keyOf(m.channel, m.externalId), m]))
  const firstInBatch = new Map<string, number>()
  const fresh: number[] = []
  messages.forEach((m, i) => {
    const key = keyOf(m.channel, m.externalId)
    const existing = known.get(key)
    if (existing) results[i] = asDuplicate(existing)
    else if (firstInBatch.has(key)) return // resolved below, from the first copy
    else { firstInBatch.set(key, i); fresh.push(i) }
  })

  // 2. The citizen behind each address (created on a first message).
  const freshMessages = fresh.map(i => messages[i])
  if (!freshMessages.length) return finish(results, messages, firstInBatch)
  // With each identity, its open conversation (the newest, if several), for the plain case.
  const byAddress = groupedIn('i."kind"', 'i."value"', groupBy(freshMessages, m => m.from.kind, m => m.from.value))
  const identities = new Map((await sql.all<IdentityRow>(
    `SELECT i."id", i."kind", i."value", i."citizenId", ci."lastIdentityId",
      (SELECT c."id" FROM "Conversation" c WHERE c."identityId" = i."id" AND c."status" = 'open' ORDER BY c."lastMessageAt" DESC LIMIT 1) AS "openConversationId"
     FROM "Identity" i JOIN "Citizen" ci ON ci."id" = i."citizenId" WHERE ${byAddress.where}`,
    byAddress.params,
  )).map(identity => [identityKey(identity.kind, identity.value), identity]))
  for (const m of freshMessages) {
    if (identities.has(addressKey(m))) continue
    const { identity } = await findOrCreateIdentity(prisma(), m.from, now)
    identities.set(addressKey(m), { ...identity, lastIdentityId: null, openConversationId: null })
  }

  // 3. The conversation: the one the channel's threading names, the identity's open one, or a new one.
  // Only for plain messages: one whose thread is named (or new) never falls back to it.
  const openByIdentity = new Map<string, string>()
  for (const m of freshMessages) {
    const identity = identities.get(addressKey(m))!
    if (!m.conversationHint && !m.newThread && identity.openConversationId) openByIdentity.set(identity.id, identity.openConversationId)
  }
  const conversationOf: string[] = []
  const touched = new Set<string>()
  for (const m of freshMessages) {
    const identity = identities.get(addressKey(m))!
    // reopenHinted already moves the hinted conversation's lastMessageAt.
    let conversationId = m.conversationHint ? await reopenHinted(prisma(), m.conversationHint, identity, now) : undefined
    if (!conversationId && !m.newThread) {
      conversationId = openByIdentity.get(identity.id)
      if (conversationId) touched.add(conversationId)
    }
    if (!conversationId) {
      conversationId = await openConversation(prisma(), m, identity, now)
      // A channel with threads of its own (email) opens a new one per thread (Chatwoot #15869);
      // later messages of this batch from the same identity join the newest, as they would have.
      openByIdentity.set(identity.id, conversationId)
    }
    conversationOf.push(conversationId)
  }
  if (touched.size) await sql.run(`UPDATE "Conversation" SET "lastMessageAt" = ?, "updatedAt" = ? WHERE "id" IN ${placeholders(touched.size)}`, [now, now, ...touched])

  // 4. The messages, in arrival order (ids grow with it). Attachments need a nested create each.
  const created: { id: number, createdAt: Date }[] = []
  let run: number[] = []
  const flushRun = async () => {
    if (!run.length) return
    const rows = run.map(j => messageRow(freshMessages[j], identities.get(addressKey(freshMessages[j]))!.citizenId, conversationOf[j], now))
    const ids = await insertRowsReturningIds(sql, 'Message', rows)
    ids.forEach((id, k) => { created[run[k]] = { id, createdAt: rows[k].createdAt } })
    run = []
  }
  for (let j = 0; j < freshMessages.length; j++) {
    const m = freshMessages[j]
    if (!m.attachments?.length) { run.push(j); continue }
    await flushRun()
    created[j] = await prisma().message.create({
      data: {
        ...messageRow(m, identities.get(addressKey(m))!.citizenId, conversationOf[j], now),
        attachments: { create: m.attachments.map(a => ({ filename: withoutNul(a.filename).slice(0, 200), contentType: a.contentType, size: a.data?.length ?? 0, data: a.data ? new Uint8Array(a.data) : null, sourceUrl: a.sourceUrl })) },
      },
      select: { id: true, createdAt: true },
    })
  }
  await flushRun()

  // 5. What the identity, the conversation and the citizen remember: the last inbound time
  // (WhatsApp's window), the channel's reply reference (Bot Framework's on the identity, email's
  // thread on the conversation; in arrival order, so the latest wins), the identity to answer on.
  const withContext = freshMessages.filter(m => m.referenceScope === 'address')
  const plainIdentities = [...new Set(freshMessages.filter(m => m.referenceScope !== 'address').map(m => identities.get(addressKey(m))!.id))]
  // To the minute is enough (WhatsApp's window is 24 h; it may close up to a minute early,
  // never late): a citizen chatting away does not rewrite their identity row on every message.
  if (plainIdentities.length) {
    await sql.run(`UPDATE "Identity" SET "lastInboundAt" = ? WHERE "id" IN ${placeholders(plainIdentities.length)} AND ("lastInboundAt" IS NULL OR "lastInboundAt" < ?)`,
      [now, ...plainIdentities, new Date(now.getTime() - LAST_INBOUND_PRECISION_MS)])
  }
  for (const m of withContext) await prisma().identity.update({ where: { id: identities.get(addressKey(m))!.id }, data: { lastInboundAt: now, replyContext: JSON.stringify(m.replyReference) } })
  for (let j = 0; j < freshMessages.length; j++) {
    const m = freshMessages[j]
    if (m.referenceScope === 'conversation') await sql.run('UPDATE "Conversation" SET "replyReference" = ? WHERE "id" = ?', [wrapReplyReference(m.channel, m.replyReference), conversationOf[j]])
  }
  const lastIdentityOf = new Map<string, string>()
  for (const m of freshMessages) {
    const identity = identities.get(addressKey(m))!
    if (identity.lastIdentityId !== identity.id || lastIdentityOf.has(identity.citizenId)) lastIdentityOf.set(identity.citizenId, identity.id)
  }
  await bulkUpdate(sql, 'Citizen', { lastIdentityId: 'text', updatedAt: 'timestamp' },
    [...lastIdentityOf].map(([citizenId, identityId]) => ({ id: citizenId, values: { lastIdentityId: identityId, updatedAt: now } })))
  // A name for agents to call the citizen by, only while none is known (an agent's edit stays).
  for (const m of freshMessages) {
    const name = nameOfSender(m)
    if (name) await sql.run('UPDATE "Citizen" SET "displayName" = ? WHERE "id" = ? AND "displayName" IS NULL', [name, identities.get(addressKey(m))!.citizenId])
  }

  fresh.forEach((i, j) => {
    const identity = identities.get(addressKey(messages[i]))!
    results[i] = { messageId: created[j].id, duplicate: false, conversationId: conversationOf[j], identityId: identity.id, citizenId: identity.citizenId, createdAt: created[j].createdAt }
  })
  return finish(results, messages, firstInBatch)
}

/** A copy sent twice in the batch gets the first copy's result, as a redelivery. */
function finish (results: (Received | undefined)[], messages: InboundMessage[], firstInBatch: Map<string, number>): Received[] {
  return messages.map((m, i) => results[i] ?? { ...results[firstInBatch.get(keyOf(m.channel, m.externalId))!]!, duplicate: true })
}

function messageRow (message: InboundMessage, citizenId: string, conversationId: string, now: Date) {
  return {
    conversationId,
    citizenId,
    direction: 'inbound',
    author: 'citizen',
    channel: message.channel,
    text: withoutNul(message.text),
    nluText: message.nluText === undefined ? undefined : withoutNul(message.nluText),
    externalId: message.externalId,
    meta: serializeMeta(message),
    createdAt: message.receivedAt ?? now,
  }
}

function groupBy<T> (items: T[], key: (item: T) => string, value: (item: T) => string): [string, string[]][] {
  const groups = new Map<string, Set<string>>()
  for (const item of items) {
    const k = key(item)
    if (!groups.has(k)) groups.set(k, new Set())
    groups.get(k)!.add(value(item))
  }
  return [...groups].map(([k, values]) => [k, [...values]])
}

// PostgreSQL text cannot hold NUL (0x00): a citizen's stray NUL must not turn into a 500.
function withoutNul (text: string): string {
  return text.replaceAll('\u0000', '')
}

function serializeMeta (message: InboundMessage): string | null {
  const meta = { ...message.meta, ...(message.location ? { location: message.location } : {}), ...(message.suppressAutoReply ? { suppressAutoReply: message.suppressAutoReply } : {}) }
  return Object.keys(meta).length ? JSON.stringify(meta) : null
}

/** The conversation the channel's threading names, if it is this citizen's; reopened if closed. */
async function reopenHinted (tx: Tx, hint: string, identity: { id: string, citizenId: string }, now: Date): Promise<string | undefined> {
  const hinted = await tx.conversation.findFirst({ where: { id: hint, citizenId: identity.citizenId }, select: { id: true, status: true } })
  if (!hinted) return undefined
  await tx.conversation.update({ where: { id: hinted.id }, data: { lastMessageAt: now, status: 'open', identityId: identity.id, ...(hinted.status === 'closed' ? { resolvedAt: null } : {}) } })
  return hinted.id
}

async function openConversation (tx: Tx, message: InboundMessage, identity: { id: string, citizenId: string }, now: Date): Promise<string> {
  const subject = typeof message.meta?.subject === 'string' ? message.meta.subject.slice(0, 300) : undefined
  const conversation = await tx.conversation.create({
    data: { citizenId: identity.citizenId, identityId: identity.id, channel: message.channel, subject, lastMessageAt: now, createdAt: now, events: { create: { type: 'opened', createdAt: now } } },
    select: { id: true },
  })
  await recordMetric(tx, { type: 'conversation_opened', at: now, channel: message.channel, conversationId: conversation.id })
  return conversation.id
}
