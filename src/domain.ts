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
