// The ticket lifecycle: which status may follow which. An illegal move is a 409 that says what
// is allowed instead, so an agent (or a script) knows what to do next.
import type { TicketStatus } from '../domain.ts'
import { TICKET_STATUSES } from '../domain.ts'
import { AppError } from '../errors.ts'

export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['in_progress', 'waiting_citizen', 'resolved', 'closed'],
  in_progress: ['waiting_citizen', 'resolved', 'closed'],
  waiting_citizen: ['in_progress', 'resolved', 'closed'],
  // A resolved ticket can be reopened when the citizen says the problem is back.
  resolved: ['in_progress', 'closed'],
  // Closed is final: a new problem is a new ticket, so figures never count one twice (LESSONS.md).
  closed: [],
}

export const DECISIONS = ['accepted', 'refused'] as const
export type Decision = typeof DECISIONS[number]

export function isTicketStatus (value: unknown): value is TicketStatus {
  return typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value)
}

export function canMove (from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

export function assertTransition (reference: string, from: TicketStatus, to: TicketStatus): void {
  if (canMove(from, to)) return
  const allowed = TRANSITIONS[from]
  const hint = allowed.length ? `allowed from ${from}: ${allowed.join(', ')}` : `${from} is final`
  const what = from === to ? `is already ${to}` : `cannot go from ${from} to ${to}`
  throw new AppError('conflict', `Ticket ${reference} ${what} (${hint})`)
}

/** Open311 knows only open and closed; the detail goes in status_notes. */
export function open311Status (status: string): 'open' | 'closed' {
  return status === 'resolved' || status === 'closed' ? 'closed' : 'open'
}
