// What the public may know of a ticket's history (issue 17). A public change is a status change
// or a public note; an internal note changes nothing a client sees, so it neither moves
// updated_datetime (FixMyStreet posts one comment per newer updated_datetime) nor shows up.
// The note shown is the note of the current status: a later status change without a note
// clears the previous one instead of repeating it under the new status.
import type { TicketStatus } from '../../domain.ts'
import { statusLabel } from '../status-update-text.ts'
import { redactCached as redactPersonalData } from '../../privacy/redact.ts'

export type HistoryEvent = { id: string, type: string, toStatus: string | null, note: string | null, isPublic: boolean, createdAt: Date }

const isPublicChange = (e: HistoryEvent) => e.type === 'status_changed' || (e.type === 'note' && e.isPublic)

export function currentStatusNote (events: readonly HistoryEvent[]): string | undefined {
  let note: string | undefined
  for (const e of events) {
    if (e.type === 'status_changed') note = e.isPublic && e.note ? e.note : undefined
    else if (e.type === 'note' && e.isPublic && e.note) note = e.note
  }
  return note
}

export function lastPublicChange (createdAt: Date, events: readonly HistoryEvent[]): Date {
  let last = createdAt
  for (const e of events) if (isPublicChange(e) && e.createdAt > last) last = e.createdAt
  return last
}

/**
 * « Résolue. Rebouché le 3 mars. »: the status in words, then the note, masked for the public.
 * Requests that are a person's own affairs (formal requests, appointments) never show a note.
 */
export function publicStatusNotes (status: string, note: string | undefined, showNote: boolean): string {
  const label = statusLabel(status as TicketStatus, 'fr')
  if (!note || !showNote) return label
  return `${label}. ${redactPersonalData(note, { addresses: false })}`
}
