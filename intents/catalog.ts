// Intent ids of ../shared/intents-catalog.md. An id never changes meaning; new ones are appended.
export const INTENT_IDS = [
  'greeting',
  'thanks_goodbye',
  'opening_hours',
  'report_issue',
  'civil_status_certificate',
  'identity_documents',
  'school_enrollment',
  'canteen_menu',
  'events_agenda',
  'waste_collection',
  'building_permit',
  'subsidy_request',
  'book_appointment',
  'request_status',
  'talk_to_agent',
  'participation',
  'alerts_subscription',
  'out_of_scope'
] as const

export type IntentId = typeof INTENT_IDS[number]

// Keyword rules (intents/keywords.ts) answer before the classifier; they have no training data.
export const KEYWORD_INTENTS = ['opt_out', 'opt_in', 'help'] as const
export type KeywordIntent = typeof KEYWORD_INTENTS[number]

export type ResultIntent = IntentId | KeywordIntent

export const isIntentId = (value: unknown): value is IntentId =>
  typeof value === 'string' && (INTENT_IDS as readonly string[]).includes(value)
