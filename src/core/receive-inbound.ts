// Step one of every inbound message, whatever the channel: recognise a redelivery, find the
// citizen and the conversation, store the message. One transaction; the channel acknowledges
// its provider only after it commits (stored before acknowledged).
import type { Db, Tx } from '../db/client.ts'
import { isUniqueViolation } from '../db/client.ts'
import { AppError } from '../errors.ts'
import type { ChannelAdapter, InboundMessage } from './channel.ts'
import { findOrCreateIdentity } from './identity.ts'

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

export type Received = { messageId: number, duplicate: boolean, conversationId: string, identityId: string, createdAt: Date }

export async function receiveInbound (db: Db, adapter: Pick<ChannelAdapter, 'maxTextLength'>, message: InboundMessage, now = new Date()): Promise<Received> {
  validate(adapter, message)
  try {
    return await db.$transaction(tx => store(tx, message, now))
  } catch (error) {
    // A redelivery (or two racing deliveries): the unique (channel, externalId) decided, the
    // transaction left nothing behind. No lookup first: new messages are the common case.
    if (isUniqueViolation(error)) {
      const again = await findDuplicate(db, message)
      if (again) return again
    }
    throw error
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
  const existing = await db.message.findUnique({
    where: { channel_externalId: { channel: message.channel, externalId: message.externalId } },
    select: { id: true, conversationId: true, createdAt: true, conversation: { select: { identityId: true } } },
  })
  return existing ? { messageId: existing.id, duplicate: true, conversationId: existing.conversationId, identityId: existing.conversation.identityId, createdAt: existing.createdAt } : undefined
}

async function store (tx: Tx, message: InboundMessage, now: Date): Promise<Received> {
  const { identity } = await findOrCreateIdentity(tx, message.from, now)
  const conversationId = await findOrOpenConversation(tx, message, identity, now)
  const created = await tx.message.create({
    data: {
      conversationId,
      citizenId: identity.citizenId,
      direction: 'inbound',
      author: 'citizen',
      channel: message.channel,
      text: withoutNul(message.text),
      nluText: message.nluText === undefined ? undefined : withoutNul(message.nluText),
      externalId: message.externalId,
      meta: serializeMeta(message),
      createdAt: message.receivedAt ?? now,
      attachments: message.attachments?.length
        ? { create: message.attachments.map(a => ({ filename: withoutNul(a.filename).slice(0, 200), contentType: a.contentType, size: a.data?.length ?? 0, data: a.data ? new Uint8Array(a.data) : null, sourceUrl: a.sourceUrl })) }
        : undefined,
    },
    select: { id: true, createdAt: true },
  })
  await tx.identity.update({
    where: { id: identity.id },
    data: { lastInboundAt: now, ...(message.replyContext !== undefined ? { replyContext: JSON.stringify(message.replyContext) } : {}) },
  })
  await tx.citizen.update({ where: { id: identity.citizenId }, data: { lastIdentityId: identity.id } })
  return { messageId: created.id, duplicate: false, conversationId, identityId: identity.id, createdAt: created.createdAt }
}

// PostgreSQL text cannot hold NUL (0x00): a citizen's stray NUL must not turn into a 500.
function withoutNul (text: string): string {
  return text.replaceAll('\u0000', '')
}

function serializeMeta (message: InboundMessage): string | null {
  const meta = { ...message.meta, ...(message.location ? { location: message.location } : {}), ...(message.suppressAutoReply ? { suppressAutoReply: message.suppressAutoReply } : {}) }
  return Object.keys(meta).length ? JSON.stringify(meta) : null
}

/** The open conversation on this identity, the one the channel's threading names, or a new one. */
async function findOrOpenConversation (tx: Tx, message: InboundMessage, identity: { id: string, citizenId: string }, now: Date): Promise<string> {
  if (message.conversationHint) {
    const hinted = await tx.conversation.findFirst({ where: { id: message.conversationHint, citizenId: identity.citizenId }, select: { id: true, status: true } })
    if (hinted) {
      await tx.conversation.update({ where: { id: hinted.id }, data: { lastMessageAt: now, status: 'open', identityId: identity.id, ...(hinted.status === 'closed' ? { resolvedAt: null } : {}) } })
      return hinted.id
    }
  }
  // A channel with threads of its own (email) knows when a message starts a new one: then it
  // opens a new conversation rather than joining the sender's open one (Chatwoot #15869).
  const open = message.newThread ? null : await tx.conversation.findFirst({ where: { identityId: identity.id, status: 'open' }, orderBy: { lastMessageAt: 'desc' }, select: { id: true } })
  if (open) {
    await tx.conversation.update({ where: { id: open.id }, data: { lastMessageAt: now } })
    return open.id
  }
  const subject = typeof message.meta?.subject === 'string' ? message.meta.subject.slice(0, 300) : undefined
  const conversation = await tx.conversation.create({
    data: { citizenId: identity.citizenId, identityId: identity.id, channel: message.channel, subject, lastMessageAt: now, createdAt: now, events: { create: { type: 'opened', createdAt: now } } },
    select: { id: true },
  })
  return conversation.id
}

