// A ticket as a public Open311 service request. Never the reporter's email, phone, name or
// account; for formal requests and appointments (a person's own affairs) not even the
// description or place: only that the request exists and where it stands.
import type { TicketStatus } from '../../domain.ts'
import { open311Status } from '../ticket-status.ts'
import { statusLabel } from '../status-update-text.ts'
import { isoInZone } from '../quiet-hours.ts'

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
  updatedAt: Date
  category: string
  categoryName: string
  serviceName: string
  lastPublicNote: string | null
  mediaUrl: string | null
}

const PUBLIC_KINDS = new Set(['report', 'idea'])

export function publicRequest (t: PublicTicketRow, timeZone: string) {
  const isPublic = PUBLIC_KINDS.has(t.kind)
  const label = statusLabel(t.status as TicketStatus, 'fr')
  return {
    service_request_id: t.reference,
    status: open311Status(t.status),
    status_notes: t.lastPublicNote ? `${label}. ${t.lastPublicNote}` : label,
    service_name: t.categoryName,
    service_code: t.category,
    description: isPublic ? t.description : null,
    agency_responsible: t.serviceName,
    service_notice: null,
    requested_datetime: isoInZone(t.createdAt, timeZone),
    updated_datetime: isoInZone(t.updatedAt, timeZone),
    expected_datetime: t.implicitDecisionAt ? isoInZone(t.implicitDecisionAt, timeZone) : null,
    address: isPublic ? t.address : null,
    address_id: null,
    zipcode: null,
    lat: isPublic ? t.latitude : null,
    long: isPublic ? t.longitude : null,
    media_url: isPublic ? t.mediaUrl : null,
  }
}
