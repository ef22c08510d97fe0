// The agents' JSON view of a ticket: everything, with its timeline. Attachment bytes stay out.
import type { TicketRow, TicketWithTimeline } from '../db/tickets.ts'

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

export function ticketDetail (t: TicketWithTimeline) {
  return {
    ...ticketSummary(t),
    timeline: t.events.map(e => ({ id: e.id, at: e.createdAt, actor: { kind: e.actorKind, id: e.actorId }, type: e.type, from: e.fromStatus, to: e.toStatus, note: e.note, isPublic: e.isPublic })),
    attachments: t.attachments,
  }
}
