// The managers' history search: full text plus filters by channel, intent, status, agent and dates.
import type { Store } from '../../db/transaction.ts'
import { searchMessageRows, type MessageSearchRow } from '../../db/message-search.ts'
import type { DatabaseProvider } from '../../db/provider.ts'
import { AppError } from '../../errors.ts'
import { inIdChunks, matchingMessageIds, MAX_MATCHES } from './full-text.ts'

export type SearchFilters = { q?: string, channel?: string, intent?: string, status?: string, agent?: string, from?: Date, to?: Date }

const CHANNELS = ['webchat', 'twilio', 'email', 'botframework']
const STATUSES = ['open', 'closed']
const DAY = /^\d{4}-\d{2}-\d{2}$/
export const MAX_RESULTS = 500

function parseDate (name: string, raw: string, endOfDay: boolean): Date {
  const date = new Date(DAY.test(raw) ? `${raw}T00:00:00.000Z` : raw)
  if (Number.isNaN(date.getTime())) throw new AppError('validation_failed', `Parameter "${name}" must be a date (YYYY-MM-DD)`)
  // "to=2026-11-28" means up to the end of that day.
  return endOfDay && DAY.test(raw) ? new Date(date.getTime() + 86_400_000 - 1) : date
}

export function parseSearchFilters (query: Record<string, unknown>): SearchFilters {
  const text = (name: string, max = 200) => {
    const value = query[name]
    if (value === undefined || value === '') return undefined
    if (typeof value !== 'string' || value.length > max) throw new AppError('validation_failed', `Parameter "${name}" must be a string of at most ${max} characters`)
    return value
  }
  const filters: SearchFilters = { q: text('q'), intent: text('intent', 80), agent: text('agent', 80) }
  const channel = text('channel')
  if (channel && !CHANNELS.includes(channel)) throw new AppError('validation_failed', `Parameter "channel" must be one of ${CHANNELS.join(', ')}`)
  const status = text('status')
  if (status && !STATUSES.includes(status)) throw new AppError('validation_failed', `Parameter "status" must be one of ${STATUSES.join(', ')}`)
  const from = text('from', 40)
  const to = text('to', 40)
  return { ...filters, channel, status, from: from ? parseDate('from', from, false) : undefined, to: to ? parseDate('to', to, true) : undefined }
}

export type SearchResult = {
  messageId: number
  conversationId: string
  citizenId: string
  citizenName: string | null
  channel: string
  direction: string
  author: string
  agentName: string | null
  intent: string | null
  status: string
  text: string
  createdAt: Date
}

/** Rows of the history read at a time, by the export and while filtering full-text matches. */
export const PAGE_SIZE = 1_000

/**
 * The search's results, newest first, one page at a time (keyset pagination on the message id):
 * a caller that writes each page out before asking for the next holds at most one page, whatever
 * the number of results. With `q`, each page starts from the next `pageSize` full-text matches,
 * then the filters are applied to them; a page may then hold fewer rows, or none.
 */
export async function * searchPages (store: Store, provider: DatabaseProvider, filters: SearchFilters, options: { pageSize?: number, maxMatches?: number } = {}): AsyncGenerator<SearchResult[]> {
  const pageSize = options.pageSize ?? PAGE_SIZE
  const maxMatches = options.maxMatches ?? Infinity
  let before: number | undefined
  for (let scanned = 0; scanned < maxMatches;) {
    let rows: MessageSearchRow[]
    let last: boolean
    if (filters.q) {
      const ids = await matchingMessageIds(store, provider, filters.q, Math.min(pageSize, maxMatches - scanned), before)
      rows = ids.length ? await inIdChunks(ids, ids.length, chunk => searchMessageRows(store, filters, { ids: chunk }, chunk.length)) : []
      scanned += ids.length
      last = ids.length < pageSize
      before = ids.at(-1)
    } else {
      rows = await searchMessageRows(store, filters, { before }, pageSize)
      scanned += rows.length
      last = rows.length < pageSize
      before = rows.at(-1)?.id
    }
    if (rows.length) yield rows.map(toResult)
    if (last) return
  }
}

/** The interactive search: the newest MAX_RESULTS results, among at most MAX_MATCHES full-text matches. */
export async function searchMessages (store: Store, provider: DatabaseProvider, filters: SearchFilters): Promise<SearchResult[]> {
  const found: SearchResult[] = []
  for await (const page of searchPages(store, provider, filters, { pageSize: MAX_RESULTS, maxMatches: MAX_MATCHES })) {
    found.push(...page)
    if (found.length >= MAX_RESULTS) break
  }
  return found.slice(0, MAX_RESULTS)
}

function toResult (m: MessageSearchRow): SearchResult {
  return {
    messageId: m.id,
    conversationId: m.conversationId,
    citizenId: m.citizenId,
    citizenName: m.conversation.citizen.displayName,
    channel: m.channel,
    direction: m.direction,
    author: m.author,
    agentName: m.agent?.name ?? null,
    intent: m.intent,
    status: m.conversation.status,
    text: m.text,
    createdAt: m.createdAt,
  }
}
