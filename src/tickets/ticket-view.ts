// The agents' JSON view of a ticket: everything, with its timeline. Attachment bytes stay out.
type TicketRow = {
  id: string, reference: string, kind: string, category: string, serviceCode: string, status: string, title: string, description: string,
  address: string | null, latitude: number | null, longitude: number | null, source: string, citizenId: string | null,
  conversationId: string | null, assignedAgentId: string | null, pendingQuestion: string | null, implicitDecisionAt: Date | null,
  decision: string | null, attributes: string | null, createdAt: Date, updatedAt: Date, closedAt: Date | null
}
type EventRow = { id: string, actorKind: string, actorId: string | null, type: string, fromStatus: string | null, toStatus: string | null, note: string | null, isPublic: boolean, createdAt: Date }
type AttachmentRow = { id: string, filename: string, contentType: string, size: number, sourceUrl: string | null }

export function ticketSummary (t: TicketRow) {
  return {
    id: t.id,
    reference: t.reference,
    kind: t.kind,
    category: t.category,
    service: t.serviceCode,
    status: t.status,
    title: t.title,
    description: t.description,
    address: t.address,
    latitude: t.latitude,
    longitude: t.longitude,
    source: t.source,
    citizenId: t.citizenId,
    conversationId: t.conversationId,
    assignedAgentId: t.assignedAgentId,
    pendingQuestion: t.pendingQuestion,
    implicitDecisionAt: t.implicitDecisionAt,
    decision: t.decision,
    attributes: t.attributes ? JSON.parse(t.attributes) as Record<string, string> : {},
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    closedAt: t.closedAt,
  }
}

export function ticketDetail (t: TicketRow & { events: EventRow[], attachments: AttachmentRow[] }) {
  return {
    ...ticketSummary(t),
    timeline: t.events.map(e => ({ id: e.id, at: e.createdAt, actor: { kind: e.actorKind, id: e.actorId }, type: e.type, from: e.fromStatus, to: e.toStatus, note: e.note, isPublic: e.isPublic })),
    attachments: t.attachments,
  }
}
