// A ticket as a public Open311 service request. Never the reporter's email, phone, name or
// account; free text goes through the redaction (issue 17); for formal requests and appointments
// (a person's own affairs) not even the description, notes or place: only that the request exists
// and where it stands. Absent fields are left out (undefined), never null.
import { open311Status } from '../ticket-status.ts'
import { isoInZone } from '../quiet-hours.ts'
import { redactCached as redactPersonalData } from '../../privacy/redact.ts'
import { currentStatusNote, lastPublicChange, publicStatusNotes, type HistoryEvent } from './public-history.ts'

export type PublicTicketRow = {
  reference: string
  kind: string
  status: string
  description: string
  address: string | null
  latitude: number | null
  longitude: number | null
  implicitDecisionAt: Date | null
  createdAt: Date
  category: string
  categoryName: string
  serviceName: string
  events: HistoryEvent[]
  mediaUrl: string | undefined
}

const PUBLIC_KINDS = new Set(['report', 'idea'])

export const isPublicKind = (kind: string) => PUBLIC_KINDS.has(kind)

export function publicRequest (t: PublicTicketRow, timeZone: string) {
  const isPublic = isPublicKind(t.kind)
  return {
    service_request_id: t.reference,
    status: open311Status(t.status),
    status_notes: publicStatusNotes(t.status, currentStatusNote(t.events), isPublic),
    service_name: t.categoryName,
    service_code: t.category,
    description: isPublic ? redactPersonalData(t.description) : undefined,
    agency_responsible: t.serviceName,
    requested_datetime: isoInZone(t.createdAt, timeZone),
    updated_datetime: isoInZone(lastPublicChange(t.createdAt, t.events), timeZone),
    expected_datetime: t.implicitDecisionAt ? isoInZone(t.implicitDecisionAt, timeZone) : undefined,
    // The place of a public report is where the problem is, not a home: kept, names and numbers masked.
    address: isPublic && t.address ? redactPersonalData(t.address) : undefined,
    lat: isPublic && t.latitude !== null ? t.latitude : undefined,
    long: isPublic && t.longitude !== null ? t.longitude : undefined,
    media_url: isPublic ? t.mediaUrl : undefined,
  }
}
