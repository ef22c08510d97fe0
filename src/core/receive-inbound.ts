// Step one of every inbound message, whatever the channel: recognise a redelivery, find the
// citizen and the conversation, store the message. The channel acknowledges its provider only
// after the transaction commits (stored before acknowledged).
//
// Messages that arrive together are stored together: while one transaction runs, the next
// messages queue, and the following transaction stores all of them with a few multi-row
// statements (the repositories in src/db; the batching policy: src/db/batching.ts). At low load
// a batch is one message and nothing waits.
import { recordMetric } from '../metrics/metric-events.ts'
import { nameOfSender } from './citizen-name.ts'
import type { Db } from '../db/client.ts'
import { isUniqueViolation } from '../db/unique-violation.ts'
import { AppError } from '../errors.ts'
import { MAX_ATTACHMENT_BYTES } from '../domain.ts'
import type { ChannelAdapter, InboundMessage, ReplyReferenceScope } from './channel.ts'
import { wrapReplyReference } from './reply-reference.ts'
import { findOrCreateIdentity } from './identity.ts'
import { GroupCommit } from '../db/group-commit.ts'
import { BatchQueue, INBOUND_BATCH, fulfilled, rejected, type Settled } from '../db/batching.ts'
import type { Transaction } from '../db/transaction.ts'
import { findStoredInbound, insertInboundMessages, type StoredInbound } from '../db/messages.ts'
import { identitiesWithOpenConversation, saveReplyContexts, touchLastInbound, type IdentityWithConversation } from '../db/identities.ts'
import { nameIfUnnamed, setLastIdentities } from '../db/citizens.ts'
import { createConversation, reopenConversation, saveConversationReplyReference, touchConversations } from '../db/conversations.ts'

/** A message with where its channel's reply reference is kept, when it carries one. */
type Inbound = InboundMessage & { referenceScope?: ReplyReferenceScope }

export type Received = { messageId: number, duplicate: boolean, conversationId: string, identityId: string, citizenId: string, createdAt: Date }

export class InboundWriter {
  readonly #db: Db
  readonly #commit: GroupCommit
  readonly #messages = new BatchQueue<Inbound, Received>(INBOUND_BATCH, batch => this.#store(batch))

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
      const received = await this.#commit.run(tx => storeMessages(tx, batch, new Date()),
        { needsPrisma: batch.some(m => m.attachments?.length || m.conversationHint) })
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

async function findDuplicate (db: Db, message: InboundMessage): Promise<Received | undefined> {
  const [existing] = await findStoredInbound(db, [message])
  return existing ? asDuplicate(existing) : undefined
}

function asDuplicate ({ messageId, conversationId, identityId, citizenId, createdAt }: StoredInbound): Received {
  return { messageId, duplicate: true, conversationId, identityId, citizenId, createdAt }
}

const keyOf = (channel: string, externalId: string) => `${channel}\u0000${externalId}`
const identityKey = (kind: string, value: string) => `${kind}\u0000${value}`
const addressKey = (m: InboundMessage) => identityKey(m.from.kind, m.from.value)

/** Stores the messages in arrival order; returns one result per message, in the same order. */
async function storeMessages (tx: Transaction, messages: Inbound[], now: Date): Promise<Received[]> {
  const results: (Received | undefined)[] = new Array(messages.length)

  // 1. Redeliveries: already stored, or twice in this very batch.
  const known = new Map((await findStoredInbound(tx, messages)).map(m => [keyOf(m.channel, m.externalId), m]))
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
  const identities = new Map<string, IdentityWithConversation>((await identitiesWithOpenConversation(tx, freshMessages.map(m => m.from)))
    .map(identity => [identityKey(identity.kind, identity.value), identity]))
  for (const m of freshMessages) {
    if (identities.has(addressKey(m))) continue
    const { identity } = await findOrCreateIdentity(tx, m.from, now)
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
    // reopenConversation already moves the hinted conversation's lastMessageAt.
    let conversationId = m.conversationHint ? await reopenConversation(tx, m.conversationHint, identity, now) : undefined
    if (!conversationId && !m.newThread) {
      conversationId = openByIdentity.get(identity.id)
      if (conversationId) touched.add(conversationId)
    }
    if (!conversationId) {
      conversationId = await openConversation(tx, m, identity, now)
      // A channel with threads of its own (email) opens a new one per thread (Chatwoot #15869);
      // later messages of this batch from the same identity join the newest, as they would have.
      openByIdentity.set(identity.id, conversationId)
    }
    conversationOf.push(conversationId)
  }
  await touchConversations(tx, [...touched], now)

  // 4. The messages, in arrival order (ids grow with it).
  const created = await insertInboundMessages(tx, freshMessages.map((m, j) => ({
    conversationId: conversationOf[j],
    citizenId: identities.get(addressKey(m))!.citizenId,
    channel: m.channel,
    text: m.text,
    nluText: m.nluText,
    externalId: m.externalId,
    meta: serializeMeta(m),
    createdAt: m.receivedAt ?? now,
    attachments: m.attachments,
  })))

  // 5. What the identity, the conversation and the citizen remember: the last inbound time
  // (WhatsApp's window), the channel's reply reference (Bot Framework's on the identity, email's
  // thread on the conversation; in arrival order, so the latest wins), the identity to answer on.
  const withContext = freshMessages.filter(m => m.referenceScope === 'address')
  const lastInbound = new Map<string, IdentityWithConversation>()
  for (const m of freshMessages) {
    const identity = identities.get(addressKey(m))!
    if (m.referenceScope !== 'address') lastInbound.set(identity.id, identity)
  }
  await touchLastInbound(tx, [...lastInbound.values()], now)
  await saveReplyContexts(tx, withContext.map(m => ({ identityId: identities.get(addressKey(m))!.id, replyContext: m.replyReference })), now)
  for (let j = 0; j < freshMessages.length; j++) {
    const m = freshMessages[j]
    if (m.referenceScope === 'conversation') await saveConversationReplyReference(tx, conversationOf[j], wrapReplyReference(m.channel, m.replyReference))
  }
  const lastIdentityOf = new Map<string, string>()
  for (const m of freshMessages) {
    const identity = identities.get(addressKey(m))!
    if (identity.lastIdentityId !== identity.id || lastIdentityOf.has(identity.citizenId)) lastIdentityOf.set(identity.citizenId, identity.id)
  }
  await setLastIdentities(tx, [...lastIdentityOf].map(([citizenId, identityId]) => ({ citizenId, identityId })), now)
  // A name for agents to call the citizen by, only while none is known (an agent's edit stays).
  for (const m of freshMessages) {
    const name = nameOfSender(m)
    if (name) await nameIfUnnamed(tx, identities.get(addressKey(m))!.citizenId, name)
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

function serializeMeta (message: InboundMessage): string | null {
  const meta = { ...message.meta, ...(message.location ? { location: message.location } : {}), ...(message.suppressAutoReply ? { suppressAutoReply: message.suppressAutoReply } : {}) }
  return Object.keys(meta).length ? JSON.stringify(meta) : null
}

async function openConversation (tx: Transaction, message: InboundMessage, identity: { id: string, citizenId: string }, now: Date): Promise<string> {
  const subject = typeof message.meta?.subject === 'string' ? message.meta.subject.slice(0, 300) : undefined
  const conversationId = await createConversation(tx, { citizenId: identity.citizenId, identityId: identity.id, channel: message.channel, subject, now })
  await recordMetric(tx, { type: 'conversation_opened', at: now, channel: message.channel, conversationId })
  return conversationId
}
