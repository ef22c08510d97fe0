// RGPD art. 15 and 20: everything the town holds about one citizen, as one JSON document.
import type { Store } from '../db/transaction.ts'
import { readPersonalData } from '../db/personal-data.ts'

export async function exportCitizen (store: Store, citizenId: string) {
  const held = await readPersonalData(store, citizenId)
  if (!held) return undefined
  const { citizen, messages, consultationAnswers } = held
  return {
    exportedAt: new Date().toISOString(),
    consultationAnswers: consultationAnswers.map(a => ({ consultationId: a.consultationId, channel: a.channel, option: a.optionIndex, text: a.text, at: a.updatedAt })),
    citizen: { id: citizen.id, displayName: citizen.displayName, lang: citizen.lang, createdAt: citizen.createdAt, erasedAt: citizen.erasedAt },
    identities: citizen.identities.map(i => ({
      kind: i.kind,
      value: i.value,
      createdAt: i.createdAt,
      optedOutAt: i.optedOutAt,
      consent: i.consentEvents.map(c => ({ action: c.action, keyword: c.keyword, topic: c.topic, via: c.via, at: c.createdAt })),
      alerts: i.alertSubscriptions.map(a => a.topic),
      alertZones: Object.fromEntries(i.alertSubscriptions.filter(a => a.zone).map(a => [a.topic, a.zone])),
    })),
    conversations: citizen.conversations.map(c => ({ id: c.id, channel: c.channel, status: c.status, createdAt: c.createdAt, lastMessageAt: c.lastMessageAt })),
    // Internal notes are the agents' working notes about the request; they are part of the file too.
    messages: messages.map(m => ({
      id: m.id,
      conversationId: m.conversationId,
      direction: m.direction,
      author: m.author,
      channel: m.channel,
      text: m.text,
      createdAt: m.createdAt,
      deliveryStatus: m.deliveryStatus,
      attachments: m.attachments,
    })),
    tickets: citizen.tickets.map(t => ({
      reference: t.reference,
      category: t.category,
      status: t.status,
      title: t.title,
      description: t.description,
      address: t.address,
      createdAt: t.createdAt,
      timeline: t.events.map(e => ({ type: e.type, from: e.fromStatus, to: e.toStatus, note: e.isPublic ? e.note : undefined, at: e.createdAt })),
    })),
  }
}
