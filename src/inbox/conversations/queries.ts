// What the inbox reads: the list (those needing a person first) and one conversation in full.
import type { Db, Prisma } from '../../db/client.ts'
import type { DatabaseProvider } from '../../db/provider.ts'
import { AppError } from '../../errors.ts'
import { inIdChunks, matchingMessageIds } from '../search/full-text.ts'
import { lastMessages } from './last-messages.ts'

const LIST_LIMIT = 200
const WHATSAPP_WINDOW_MS = 24 * 3_600_000
const STATUSES = ['open', 'closed', 'needs_human', 'mine', 'all']
const CHANNELS = ['webchat', 'twilio', 'email', 'botframework']

export type ListFilters = { status?: string, channel?: string, q?: string }

export function parseListFilters (query: Record<string, unknown>): ListFilters {
  const pick = (name: string, allowed?: string[]) => {
    const value = query[name]
    if (value === undefined || value === '') return undefined
    if (typeof value !== 'string' || value.length > 200 || (allowed && !allowed.includes(value))) {
      throw new AppError('validation_failed', allowed ? `Parameter "${name}" must be one of ${allowed.join(', ')}` : `Parameter "${name}" is too long`)
    }
    return value
  }
  return { status: pick('status', STATUSES), channel: pick('channel', CHANNELS), q: pick('q') }
}

export async function listConversations (db: Db, provider: DatabaseProvider, filters: ListFilters, agentId: string, now = new Date()) {
  const where: Prisma.ConversationWhereInput = {}
  const status = filters.status ?? 'open'
  if (status === 'open' || status === 'closed') where.status = status
  if (status === 'needs_human') Object.assign(where, { status: 'open', needsHuman: true })
  if (status === 'mine') Object.assign(where, { status: 'open', assignedAgentId: agentId })
  if (filters.channel) where.channel = filters.channel
  if (filters.q) {
    const messageIds = await matchingMessageIds(db, provider, filters.q)
    const hits = await inIdChunks(messageIds, LIST_LIMIT * 10, chunk => db.message.findMany({ where: { id: { in: chunk } }, select: { conversationId: true } }))
    const conversationIds = [...new Set(hits.map(h => h.conversationId))].slice(0, LIST_LIMIT)
    where.OR = [{ id: { in: conversationIds } }, { citizen: { displayName: { contains: filters.q } } }]
  }
  const rows = await db.conversation.findMany({
    where,
    orderBy: [{ needsHuman: 'desc' }, { lastMessageAt: 'desc' }],
    take: LIST_LIMIT,
    include: {
      citizen: { select: { id: true, displayName: true } },
      identity: { select: { kind: true, value: true } },
      assignedAgent: { select: { id: true, name: true } },
      tickets: { where: { status: 'new' }, select: { reference: true }, take: 1 },
    },
  })
  const last = await lastMessages(db, rows.map(c => c.id))
  const conversations = rows.map(c => {
    const lastMessage = last.get(c.id)
    const ticketWaiting = c.tickets.length > 0
    const needsHuman = c.needsHuman || ticketWaiting
    // Waiting: since the citizen's last message went unanswered, or since a person was asked for.
    const waitingSince = c.needsHumanSince ?? (lastMessage?.direction === 'inbound' ? lastMessage.createdAt : null)
    return {
      id: c.id,
      channel: c.channel,
      status: c.status,
      holder: c.holder,
      needsHuman,
      needsHumanReason: c.needsHumanReason ?? (ticketWaiting ? 'ticket_waiting' : null),
      assignedAgent: c.assignedAgent,
      citizen: { id: c.citizen.id, displayName: c.citizen.displayName, identity: c.identity },
      lastMessage: lastMessage ? { ...lastMessage, createdAt: lastMessage.createdAt.toISOString() } : null,
      lastMessageAt: c.lastMessageAt.toISOString(),
      waitingSeconds: waitingSince ? Math.max(0, Math.round((now.getTime() - waitingSince.getTime()) / 1000)) : null,
    }
  })
  // Needing a person first (including a waiting ticket), then the most recent.
  conversations.sort((a, b) => Number(b.needsHuman) - Number(a.needsHuman) || b.lastMessageAt.localeCompare(a.lastMessageAt))
  return conversations
}

export async function conversationDetail (db: Db, id: string) {
  const c = await db.conversation.findUnique({
    where: { id },
    include: {
      citizen: { include: { identities: { select: { id: true, kind: true, value: true, verified: true, optedOutAt: true } } } },
      identity: { select: { kind: true, lastInboundAt: true, optedOutAt: true } },
      assignedAgent: { select: { id: true, name: true } },
      tickets: { select: { id: true, reference: true, status: true, title: true, category: true, updatedAt: true } },
      events: { orderBy: { createdAt: 'asc' }, select: { type: true, agentId: true, detail: true, createdAt: true } },
      messages: {
        orderBy: { id: 'asc' },
        include: {
          attachments: { select: { id: true, filename: true, contentType: true, size: true } },
          outbox: { select: { status: true, attempts: true, lastError: true, heldReason: true, nextAttemptAt: true } },
          agent: { select: { id: true, name: true } },
        },
      },
    },
  })
  if (!c) throw new AppError('not_found', 'No such conversation')
  return {
    conversation: {
      id: c.id,
      channel: c.channel,
      status: c.status,
      holder: c.holder,
      needsHuman: c.needsHuman,
      needsHumanReason: c.needsHumanReason,
      assignedAgent: c.assignedAgent,
      lang: c.lang,
      subject: c.subject,
      createdAt: c.createdAt,
      lastMessageAt: c.lastMessageAt,
      firstResponseAt: c.firstResponseAt,
      // Said before the agent types (LESSONS.md, Chatwoot #9516): free text outside WhatsApp's window is not delivered.
      whatsappWindowEndsAt: c.identity.kind === 'whatsapp' && c.identity.lastInboundAt ? new Date(c.identity.lastInboundAt.getTime() + WHATSAPP_WINDOW_MS) : null,
      optedOut: c.identity.optedOutAt !== null,
      citizen: { id: c.citizen.id, displayName: c.citizen.displayName, lang: c.citizen.lang, identities: c.citizen.identities },
      tickets: c.tickets,
      events: c.events,
      messages: c.messages.map(m => ({
        id: m.id,
        direction: m.direction,
        author: m.author,
        agent: m.agent,
        channel: m.channel,
        text: m.text,
        intent: m.intent,
        lang: m.lang,
        deliveryStatus: m.deliveryStatus,
        deliveryError: m.deliveryError,
        outbox: m.outbox,
        attachments: m.attachments,
        createdAt: m.createdAt,
      })),
    },
  }
}
