// GET requests filters: service_request_id (comma separated; then every other filter is
// ignored, spec), service_code, start_date, end_date, status. Without dates: the last 90 days.
import { open311BadRequest } from './errors.ts'
import type { PublicTicketFilter } from '../../db/open311-requests.ts'

export const MAX_IDS = 10_000

export type RequestFilters =
  | { ids: string[] }
  | { serviceCodes?: string[], start: Date, end?: Date, statuses?: ('open' | 'closed')[] }

const DEFAULT_WINDOW_MS = 90 * 86_400_000
const W3C_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/

function param (query: Record<string, unknown>, key: string): string | undefined {
  const value = query[key]
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string') throw open311BadRequest(`Parameter ${key} was sent more than once`)
  return value.trim() || undefined
}

function list (query: Record<string, unknown>, key: string): string[] | undefined {
  const value = param(query, key)
  const items = value?.split(',').map(s => s.trim()).filter(Boolean)
  return items?.length ? items : undefined
}

export function parseW3cDate (key: string, raw: string): Date {
  // An unencoded "+" of the offset arrives as a space: read it as the "+" the caller meant.
  const text = raw.replace(/ (\d{2}:?\d{2})$/, '+$1')
  const date = new Date(text)
  if (!W3C_DATE.test(text) || Number.isNaN(date.getTime())) throw open311BadRequest(`${key} must be a W3C date-time such as 2026-11-28T09:30:00+01:00`)
  return date
}

export function readRequestFilters (query: Record<string, unknown>, now: Date): RequestFilters {
  const ids = list(query, 'service_request_id')
  if (ids && ids.length > MAX_IDS) throw open311BadRequest(`At most ${MAX_IDS} service_request_id per call (got ${ids.length}): ask in several calls`)
  if (ids) return { ids }
  const startRaw = param(query, 'start_date')
  const endRaw = param(query, 'end_date')
  const end = endRaw ? parseW3cDate('end_date', endRaw) : undefined
  const start = startRaw ? parseW3cDate('start_date', startRaw) : new Date((end ?? now).getTime() - DEFAULT_WINDOW_MS)
  if (end && start > end) throw open311BadRequest('start_date must be before end_date')
  const statuses = list(query, 'status')
  if (statuses?.some(s => s !== 'open' && s !== 'closed')) throw open311BadRequest('status must be open or closed')
  return { serviceCodes: list(query, 'service_code'), start, end, statuses: statuses as ('open' | 'closed')[] | undefined }
}

const OPEN = ['new', 'in_progress', 'waiting_citizen']
const CLOSED = ['resolved', 'closed']

/** The filters as tickets are selected (src/db/open311-requests.ts): Open311's open and closed as ticket statuses. */
export function ticketFilter (filters: Exclude<RequestFilters, { ids: string[] }>): PublicTicketFilter {
  const statuses = filters.statuses ? [...new Set(filters.statuses.flatMap(s => (s === 'open' ? OPEN : CLOSED)))] : undefined
  return { createdFrom: filters.start, createdTo: filters.end, categories: filters.serviceCodes, statuses }
}
