// What the agents' inbox reads of conversations: the list with its filters and counts, the last
// message of each listed conversation, one conversation in full, and the view the agents'
// channels (Slack) show. Plain data; what it means for agents is src/inbox/conversations/.
import type { Prisma } from './client.ts'
import { asDate, placeholders } from './sql.ts'
import { prismaFor, sqlFor, type DbOrTx } from './transaction.ts'

const OPEN_TICKETS = ['new', 'in_progress', 'waiting_citizen']

/** Which conversations a view of the inbox shows: a status filter (open, closed, needs_human, mine, all), a channel, a service's queue. */
export type InboxView = { status: string, agentId: string, channel?: string, service?: string }

function statusWhere (status: string, agentId: string): Prisma.ConversationWhereInput {
  if (status === 'open' || status === 'closed') return { status }
  if (status === 'needs_human') return { status: 'open', OR: [{ needsHuman: true }, { tickets: { some: { status: 'new' } } }] }
  if (status === 'mine') return { status: 'open', assignedAgentId: agentId }
  return {}
}

/** A service's queue: the conversations with one of its tickets still open. */
const serviceWhere = (service: string): Prisma.ConversationWhereInput => ({ tickets: { some: { serviceCode: service, status: { in: OPEN_TICKETS } } } })

/** How many conversations the view shows. */
export async function countInboxConversations (on: DbOrTx, view: InboxView): Promise<number> {
  const base: Prisma.ConversationWhereInput = { ...(view.channel ? { channel: view.channel } : {}), ...(view.service ? serviceWhere(view.service) : {}) }
  return prismaFor(on).conversation.count({ where: { ...base, ...statusWhere(view.status, view.agentId) } })
}

/** The conversations of these messages (one row per message). */
export async function conversationsOfMessages (on: DbOrTx, messageIds: number[]): Promise<{ conversationId: string }[]> {
  return prismaFor(on).message.findMany({ where: { id: { in: messageIds } }, select: { conversationId: true } })
}

export type InboxRow = {
  id: string, channel: string, status: string, holder: string, needsHuman: boolean, needsHumanReason: string | null, needsHumanSince: Date | null, lastMessageAt: Date
  citizen: { id: string, displayName: string | null }
  identity: { kind: string, value: string }
  assignedAgent: { id: string, name: string } | null
  /** Its tickets still open, newest first. */
  tickets: { reference: string, status: string, serviceCode: string }[]
}

/**
 * The view's conversations, those needing a person first, then the most recent (`limit` at most).
 * `text`: only those among these conversations or whose citizen's name contains the words.
 */
export async function listInboxConversations (on: DbOrTx, view: InboxView, limit: number, text?: { conversationIds: string[], nameContains: string }): Promise<InboxRow[]> {
  const where: Prisma.ConversationWhereInput = statusWhere(view.status, view.agentId)
  if (view.channel) where.channel = view.channel
  if (view.service) Object.assign(where, serviceWhere(view.service))
  if (text) where.AND = [{ OR: [{ id: { in: text.conversationIds } }, { citizen: { displayName: { contains: text.nameContains } } }] }]
  return prismaFor(on).conversation.findMany({
    where,
    orderBy: [{ needsHuman: 'desc' }, { lastMessageAt: 'desc' }],
    take: limit,
    select: {
      id: true, channel: true, status: true, holder: true, needsHuman: true, needsHumanReason: true, needsHumanSince: true, lastMessageAt: true,
      citizen: { select: { id: true, displayName: true } },
      identity: { select: { kind: true, value: true } },
      assignedAgent: { select: { id: true, name: true } },
      tickets: { where: { status: { in: OPEN_TICKETS } }, orderBy: { createdAt: 'desc' }, select: { reference: true, status: true, serviceCode: true } },
    },
  })
}

export type LastMessage = { id: number, direction: string, author: string, text: string, createdAt: Date, deliveryStatus: string | null }

/**
 * The last message (inbound or outbound) of each of these conversations, in one statement that
 * finds each through the (conversationId, id) index. Prisma's `messages: { take: 1 }` include
 * read every message of the listed conversations and took 56 ms at 1 M messages; this takes
 * about 1 ms on SQLite and 9 ms on PostgreSQL (issue 19).
 */
export async function lastMessages (on: DbOrTx, conversationIds: string[]): Promise<Map<string, LastMessage>> {
  if (!conversationIds.length) return new Map()
  const rows = await sqlFor(on).all<LastMessage & { conversationId: string }>(
    `SELECT m."id", m."conversationId", m."direction", m."author", m."text", m."createdAt", m."deliveryStatus" FROM "Message" m WHERE m."id" IN (
      SELECT (SELECT l."id" FROM "Message" l WHERE l."conversationId" = c."id" AND l."direction" IN ('inbound', 'outbound') ORDER BY l."id" DESC LIMIT 1)
      FROM "Conversation" c WHERE c."id" IN ${placeholders(conversationIds.length)})`, conversationIds)
  return new Map(rows.map(({ conversationId, ...m }) => [conversationId, { ...m, id: Number(m.id), createdAt: asDate(m.createdAt) }]))
}

/** One conversation with its citizen and identities, tickets, events and every message (with attachments, outbox state, agent). */
export async function conversationInFull (on: DbOrTx, id: string) {
  return prismaFor(on).conversation.findUnique({
    where: { id },
    include: {
      citizen: { include: { identities: { select: { id: true, kind: true, value: true, verified: true, optedOutAt: true } } } },
      identity: { select: { kind: true, lastInboundAt: true, optedOutAt: true } },
      assignedAgent: { select: { id: true, name: true } },
      tickets: { select: { id: true, reference: true, status: true, title: true, category: true, serviceCode: true, updatedAt: true, attachments: { select: { id: true, filename: true, contentType: true, size: true } } } },
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
}

export type ConversationInFull = NonNullable<Awaited<ReturnType<typeof conversationInFull>>>

/** A conversation as an agents' channel shows it, with its next 50 messages (inbound or outbound) after `afterMessageId`. */
export async function conversationForAgentChannel (on: DbOrTx, id: string, afterMessageId: number) {
  return prismaFor(on).conversation.findUnique({
    where: { id },
    include: {
      assignedAgent: { select: { name: true } },
      identity: { select: { kind: true } },
      messages: { where: { id: { gt: afterMessageId }, direction: { in: ['inbound', 'outbound'] } }, orderBy: { id: 'asc' }, take: 50, select: { id: true, author: true, text: true, createdAt: true } },
    },
  })
}
