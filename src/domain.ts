// The vocabulary shared by every part: string literal unions stored in string columns.

export type Lang = 'fr' | 'en'
export const LANGS: readonly Lang[] = ['fr', 'en']

/** The citizen-facing channels. Slack is the agents' side. */
export type ChannelName = 'webchat' | 'twilio' | 'email' | 'botframework'

export type IdentityKind = 'phone' | 'whatsapp' | 'email' | 'webchat' | 'botframework'

export type MessageDirection = 'inbound' | 'outbound' | 'internal'
export type MessageAuthor = 'citizen' | 'bot' | 'agent' | 'system'
export type DeliveryStatus = 'pending' | 'held' | 'sent' | 'delivered' | 'read' | 'undelivered' | 'failed'

export type ConversationHolder = 'bot' | 'agent'
export type NeedsHumanReason = 'asked_for_agent' | 'misunderstood' | 'ticket_waiting' | 'send_failed'

export type TicketStatus = 'new' | 'in_progress' | 'waiting_citizen' | 'resolved' | 'closed'
export const TICKET_STATUSES: readonly TicketStatus[] = ['new', 'in_progress', 'waiting_citizen', 'resolved', 'closed']
export type TicketKind = 'report' | 'formal_request' | 'idea' | 'appointment' | 'other'
export type TicketSource = 'conversation' | 'agent' | 'open311'

/** Report categories of intents-catalog.md (`category` entity). */
export type ReportCategory = 'roads' | 'lighting' | 'dumping' | 'graffiti' | 'trees' | 'water' | 'furniture' | 'cleanliness' | 'other'

export type AgentRole = 'agent' | 'manager' | 'admin'

/** The largest attachment a citizen may send, on every channel and on Open311 (the core refuses more). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

// The commune's extent (minLon,minLat,maxLon,maxLat in WGS 84 degrees): the town file's
// `settings.bbox`, which TOWN_BBOX overrides (or turns off). Open311 refuses points outside it.
export type BoundingBox = Readonly<{ minLon: number, minLat: number, maxLon: number, maxLat: number }>

export const BBOX_TEXT = 'minLon,minLat,maxLon,maxLat in degrees'

/** "0.60,47.33,0.78,47.46" → a box; undefined when it is not one. */
export function parseBbox (raw: string): BoundingBox | undefined {
  const n = raw.split(',').map(s => Number(s.trim()))
  const [minLon, minLat, maxLon, maxLat] = n
  if (n.length !== 4 || n.some(v => !Number.isFinite(v)) || minLon >= maxLon || minLat >= maxLat || Math.abs(minLat) > 90 || Math.abs(maxLat) > 90 || Math.abs(minLon) > 180 || Math.abs(maxLon) > 180) return undefined
  return Object.freeze({ minLon, minLat, maxLon, maxLat })
}
