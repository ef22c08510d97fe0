// The contract between the conversation core and the intent layer (intents/).
// The core calls this port; intents/ implements it. It lives beside domain.ts (not in src/core) so the
// feature folders that answer a turn (tickets, consultations, alerts, town) share it without importing the core.
// The answerer decides WHAT to say and do;
// the core applies the actions (tickets, hand-offs, opt-outs) in the transaction that writes the outbox.
import type { ChannelName, Lang, TicketKind, TicketStatus } from './domain.ts'

export type TurnAttachment = { id: string, contentType: string, filename: string }
export type SharedLocation = { latitude: number, longitude: number, address?: string }

/** One inbound citizen message, as the answerer sees it. */
export type Turn = {
  text: string
  channel: ChannelName
  /** The conversation's language so far (undefined on the first message). */
  lang?: Lang
  attachments: TurnAttachment[]
  location?: SharedLocation
  /** The dialog state returned by the previous turn (null when no dialog is running). */
  dialogState: unknown
  /** Misunderstandings in a row before this turn. */
  misunderstandings: number
  /** True for the conversation's first inbound message (the core sends the welcome() text before the replies). */
  isFirstMessage: boolean
  citizenId: string
  now: Date
  /** The citizen asked for a person and no agent has taken the conversation yet (issue 16: never silence). */
  waitingForAgent?: boolean
  /** The service whose queue the conversation is in (its newest open ticket's); null or absent: the town hall's. */
  serviceCode?: string | null
}

export type OpenTicketAction = {
  type: 'open_ticket'
  kind: TicketKind
  /** TicketCategory.code: roads, lighting, ... civil_status, school_enrollment, building_permit, subsidy, appointment, participation */
  category: string
  title: string
  description: string
  address?: string
  latitude?: number
  longitude?: number
  attachmentIds?: string[]
  attributes?: Record<string, string>
}

export type TurnAction =
  | OpenTicketAction
  | { type: 'hand_to_agent', reason: 'asked_for_agent' | 'misunderstood' }
  /** The citizen who waited for a person goes back to the assistant ("assistant"). */
  | { type: 'back_to_assistant' }
  | { type: 'opt_out', keyword: string }
  | { type: 'opt_in', keyword: string }
  | { type: 'alerts', topic: string, subscribe: boolean, zone?: string }
  /** An answer to a consultation the citizen was asked (issue 20): the last one counts until it closes. */
  | { type: 'consultation_answer', consultationId: string, optionIndex: number | null, text: string | null, wantsResult?: boolean }
  /** The citizen answers a ticket in waiting_citizen: the core records it on the ticket. */
  | { type: 'ticket_reply', reference: string, text: string }

export type TurnResult = {
  intent: string
  confidence: number
  lang: Lang
  entities: Record<string, unknown>
  /** Citizen-facing texts, in `lang`, each one outbound message. */
  replies: string[]
  /** Saved with the conversation; null ends the dialog. */
  dialogState: unknown
  actions: TurnAction[]
  /** True when the assistant did not understand (counts towards "two in a row → offer a person"). */
  misunderstood: boolean
  /** The replies already tell the citizen when a person will answer (the core then adds no out-of-hours notice). */
  saysWhenAgentAnswers?: boolean
}

/** A dated exception to a place's regular hours: closed (open=false) or exceptionally open. */
export type PlaceException = { from: Date, to: Date, open: boolean, note: { fr: string, en: string } | null }
export type TownPlace = {
  code: string, kind: string, name: string, nameEn: string, aliases: string[], address: string, phone: string | null,
  /** OpenStreetMap `opening_hours` syntax, e.g. "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off" */
  openingHours: string,
  exceptions: PlaceException[],
  notes: string | null
}
/** A service of the town hall; its working hours drive what a citizen waiting for a person is told (issue 18). */
export type TownService = {
  code: string, name: string, nameEn: string,
  /** OpenStreetMap `opening_hours` syntax; "" when the service keeps the town hall's hours (place `mairie`). */
  openingHours: string
}
export type FaqEntry = {
  id: string, questions: { fr: string[], en: string[] }, answer: { fr: string, en: string },
  link: string | null, tags: string[],
  /** Set for a redirection: the body that handles it (CAF, ANTS, impots.gouv…). */
  redirect: { name: string, contact: string } | null
}
export type CurrentAlert = { topic: string, text: { fr: string, en: string }, startsAt: Date, endsAt: Date | null }
export type TownSettings = {
  townName: string, privacyUrl: string, timeZone: string, bookingUrl?: string,
  /** 'fr' or 'fr-alsace-moselle' (TOWN_HOLIDAYS) */
  holidays: string,
  /** French school holiday zone of the town: 'A' | 'B' | 'C' (town file setting) */
  schoolZone: string
}

/** Read-only access to the town's data and the citizen's tickets, implemented by the core over the database. */
export type TownData = {
  places (): Promise<TownPlace[]>
  /** Optional: without it every service keeps the town hall's hours. */
  services? (): Promise<TownService[]>
  faqEntries (): Promise<FaqEntry[]>           // active entries only
  currentAlerts (now: Date): Promise<CurrentAlert[]>   // alerts in force now ([] until broadcasts exist)
  canteenMenu (date: string): Promise<{ date: string, starter: string | null, main: string, side: string | null, dessert: string | null } | null>
  upcomingEvents (from: Date, limit: number): Promise<{ title: string, description: string | null, place: string | null, startsAt: Date, endsAt: Date | null, link: string | null, category: string | null }[]>
  wasteCollections (): Promise<{ area: string, streets: string[], stream: string, days: string[], rule: string | null, notes: string | null }[]>
  schoolHolidays (): Promise<{ name: string, zone: string, from: string, to: string }[]>  // YYYY-MM-DD, town data
  citizenTickets (citizenId: string): Promise<{ reference: string, title: string, status: TicketStatus, updatedAt: Date }[]>
  ticketByReference (reference: string): Promise<{ reference: string, title: string, status: TicketStatus, citizenId: string | null, updatedAt: Date, serviceName: string } | null>
  settings: TownSettings
}

/** The web chat's opening screen (issue 16): a greeting, 3–4 example questions from the town's data, a placeholder. */
export type FirstScreen = { greeting: string, examples: string[], placeholder: string, privacyUrl: string }

export interface Answerer {
  /** Optional: answerers without it leave the chat's first screen to the widget's defaults. */
  firstScreen? (lang: Lang, data: TownData): Promise<FirstScreen>
  answer (turn: Turn, data: TownData): Promise<TurnResult>
  /** The first message of every conversation: automated assistant (EU AI Act art. 50), a person can take over, privacy notice link. */
  welcome (lang: Lang, channel: ChannelName, data: TownData): string
}
