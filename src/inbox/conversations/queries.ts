// What the inbox reads: the list (those needing a person first) and one conversation in full.
import type { Store } from '../../db/transaction.ts'
import type { DatabaseProvider } from '../../db/provider.ts'
import { conversationInFull, conversationsOfMessages, countInboxConversations, lastMessages, listInboxConversations } from '../../db/inbox-conversations.ts'
import { AppError } from '../../errors.ts'
import { inIdChunks, matchingMessageIds } from '../search/full-text.ts'
import { workingSecondsFor } from '../../metrics/metric-events.ts'
import { citizenShortCode } from '../../core/citizen-name.ts'
import { WHATSAPP_WINDOW_MS } from '../../../channels/twilio/whatsapp-window.ts'

const LIST_LIMIT = 200
const STATUSES = ['open', 'closed', 'needs_human', 'mine', 'all']
const CHANNELS = ['webchat', 'twilio', 'email', 'botframework']
const SERVICE_CODE = /^[a-z0-9_-]{1,50}$/

export type ListFilters = { status?: string, channel?: string, service?: string, q?: string }

export function parseListFilters (query: Record<string, unknown>): ListFilters {
  const pick = (name: string, allowed?: string[]) => {
    const value = query[name]
    if (value === undefined || value === '') return undefined
    if (typeof value !== 'string' || value.length > 200 || (allowed && !allowed.includes(value)) || (name === 'service' && !SERVICE_CODE.test(value))) {
      throw new AppError('validation_failed', allowed ? `Parameter "${name}" must be one of ${allowed.join(', ')}` : `Parameter "${name}" is too long`)
    }
    return value
  }
  return { status: pick('status', STATUSES), channel: pick('channel', CHANNELS), service: pick('service'), q: pick('q') }
}

/** How many conversations each filter of the inbox would show (the counts beside the filters). */
export async function listCounts (store: Store, filters: ListFilters, agentId: string) {
  const count = (status: string) => countInboxConversations(store, { status, agentId, channel: filters.channel, service: filters.service })
  const [needsHuman, mine, open, closed, all] = await Promise.all(['needs_human', 'mine', 'open', 'closed', 'all'].map(count))
  return { needs_human: needsHuman, mine, open, closed, all }
}

export type WaitingRules = { overdueSeconds: number }

export async function listConversations (store: Store, provider: DatabaseProvider, filters: ListFilters, agentId: string, rules: WaitingRules = { overdueSeconds: 3600 }, now = new Date()) {
  const view = { status: filters.status ?? 'open', agentId, channel: filters.channel, service: filters.service }
  let text: { conversationIds: string[], nameContains: string } | undefined
  if (filters.q) {
    const messageIds = await matchingMessageIds(store, provider, filters.q)
    const hits = await inIdChunks(messageIds, LIST_LIMIT * 10, chunk => conversationsOfMessages(store, chunk))
    text = { conversationIds: [...new Set(hits.map(h => h.conversationId))].slice(0, LIST_LIMIT), nameContains: filters.q }
  }
  const rows = await listInboxConversations(store, view, LIST_LIMIT, text)
  const lastByConversation = await lastMessages(store, rows.map(c => c.id))
  const conversations = rows.map(c => {
    const last = lastByConversation.get(c.id)
    const ticketWaiting = c.tickets.some(t => t.status === 'new')
    const serviceCode = c.tickets[0]?.serviceCode ?? null
    const needsHuman = c.needsHuman || ticketWaiting
    // Waiting: since the citizen's last message went unanswered, or since a person was asked for.
    const waitingSince = c.needsHumanSince ?? (last?.direction === 'inbound' ? last.createdAt : null)
    // The clock agents see counts the service's working hours only (issue 18).
    const waitingWorkSeconds = waitingSince ? workingSecondsFor(serviceCode, waitingSince, now) : null
    return {
      id: c.id,
      channel: c.channel,
      status: c.status,
      holder: c.holder,
      needsHuman,
      needsHumanReason: c.needsHumanReason ?? (ticketWaiting ? 'ticket_waiting' : null),
      assignedAgent: c.assignedAgent,
      serviceCode,
      citizen: { id: c.citizen.id, displayName: c.citizen.displayName, shortCode: citizenShortCode(c.citizen.id), identity: c.identity },
      lastMessage: last ? { ...last, createdAt: last.createdAt.toISOString() } : null,
      lastMessageAt: c.lastMessageAt.toISOString(),
      waitingSeconds: waitingSince ? Math.max(0, Math.round((now.getTime() - waitingSince.getTime()) / 1000)) : null,
      waitingWorkSeconds,
      overdue: needsHuman && c.status === 'open' && waitingWorkSeconds !== null && waitingWorkSeconds > rules.overdueSeconds,
    }
  })
  // Needing a person first (including a waiting ticket), then the most recent.
  conversations.sort((a, b) => Number(b.needsHuman) - Number(a.needsHuman) || b.lastMessageAt.localeCompare(a.lastMessageAt))
  return conversations
}

export async function conversationDetail (store: Store, id: string) {
  const c = await conversationInFull(store, id)
  if (!c) throw new AppError('not_found', 'No such conversation')
  return {
    conversation: {
      id: c.id,
      channel: c.channel,
      identityKind: c.identity.kind,
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
      citizen: { id: c.citizen.id, displayName: c.citizen.displayName, shortCode: citizenShortCode(c.citizen.id), lang: c.citizen.lang, identities: c.citizen.identities },
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
