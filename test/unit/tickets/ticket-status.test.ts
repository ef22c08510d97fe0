import { describe, expect, it } from 'vitest'
import { assertTransition, canMove, open311Status, TRANSITIONS } from '../../../src/tickets/ticket-status.ts'
import { TICKET_STATUSES } from '../../../src/domain.ts'

describe('ticket lifecycle', () => {
  it('lets a ticket be handled, wait for the citizen, be resolved, reopened and closed', () => {
    for (const [from, to] of [['new', 'in_progress'], ['in_progress', 'waiting_citizen'], ['waiting_citizen', 'in_progress'], ['in_progress', 'resolved'], ['resolved', 'in_progress'], ['resolved', 'closed'], ['new', 'closed']] as const) {
      expect(canMove(from, to), `${from} > ${to}`).toBe(true)
    }
  })

  it('never goes back to new, never leaves closed, never "moves" to the same status', () => {
    for (const from of TICKET_STATUSES) {
      expect(canMove(from, 'new')).toBe(false)
      expect(canMove(from, from)).toBe(false)
      expect(canMove('closed', from)).toBe(false)
    }
    expect(TRANSITIONS.closed).toEqual([])
  })

  it('explains a refused move with a 409 naming what is allowed', () => {
    expect(() => assertTransition('DEM-2026-00042', 'resolved', 'waiting_citizen')).toThrow(expect.objectContaining({
      statusCode: 409, code: 'conflict', message: 'Ticket DEM-2026-00042 cannot go from resolved to waiting_citizen (allowed from resolved: in_progress, closed)',
    }))
  })

  it('tells Open311 clients open or closed only', () => {
    expect(TICKET_STATUSES.map(open311Status)).toEqual(['open', 'open', 'open', 'closed', 'closed'])
  })
})
