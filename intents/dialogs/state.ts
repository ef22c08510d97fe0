// Dialog state is stored as JSON with the conversation and restored after a restart,
// so it is plain data, versioned by its `dialog` tag, and parsed (not trusted) on the way back in.
import type { ReportCategory } from '../../src/domain.ts'
import { isIntentId, type IntentId } from '../catalog.ts'

export type ReportState = {
  dialog: 'report'
  step: 'what' | 'where' | 'confirm' | 'correct'
  category?: ReportCategory
  description?: string
  address?: string
  latitude?: number
  longitude?: number
  attachmentIds: string[]
}

export type FormalState = { dialog: 'formal', intent: IntentId, step: 'offer' | 'describe', firstText: string }
export type ClarifyState = { dialog: 'clarify', options: [IntentId, IntentId], text: string }
export type WasteState = { dialog: 'waste', text: string }
export type TicketReplyState = { dialog: 'ticket_reply', reference: string }

/** A question the assistant answered in the middle of a dialog: the paused dialog is offered back once (issue 16). */
export type ResumeState = { dialog: 'resume', paused: ResumableState }
/** Subscribing needs an explicit yes to a question naming the topic and the channel (issue 16). */
export type AlertsConsentState = { dialog: 'alerts_consent', topic: string }
/** A ticket was just opened: details sent soon after are offered to be added to it. */
export type RecentTicketState = { dialog: 'recent_ticket', at: string }
export type AddDetailsState = { dialog: 'add_details', reference: string, text: string }

export type ResumableState = ReportState | FormalState
export type DialogState = (ReportState | FormalState | ClarifyState | WasteState | TicketReplyState | ResumeState | AlertsConsentState | RecentTicketState | AddDetailsState) & RepeatGuard

/** Kept on any state: the last question asked and how many times in a row (never a third time). */
export type RepeatGuard = { asked?: string, repeats?: number, stuck?: boolean, /** Already offered back once after an interruption. */ resumed?: boolean }

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** The stored state if it is one we know, else null (an unknown or corrupt state restarts the conversation cleanly). */
export const parseDialogState = (value: unknown): DialogState | null => {
  const parsed = typeof value === 'string' ? safeJson(value) : value
  if (!isObject(parsed)) return null
  switch (parsed.dialog) {
    case 'report':
      return ['what', 'where', 'confirm', 'correct'].includes(parsed.step as string) && Array.isArray(parsed.attachmentIds) ? parsed as ReportState : null
    case 'formal':
      return isIntentId(parsed.intent) && typeof parsed.firstText === 'string' ? parsed as FormalState : null
    case 'clarify':
      return Array.isArray(parsed.options) && parsed.options.length === 2 && parsed.options.every(isIntentId) && typeof parsed.text === 'string' ? parsed as ClarifyState : null
    case 'waste':
      return typeof parsed.text === 'string' ? parsed as WasteState : null
    case 'ticket_reply':
      return typeof parsed.reference === 'string' ? parsed as TicketReplyState : null
    case 'resume': {
      const paused = parseDialogState(parsed.paused)
      return paused !== null && (paused.dialog === 'report' || paused.dialog === 'formal') ? { dialog: 'resume', paused } : null
    }
    case 'alerts_consent':
      return typeof parsed.topic === 'string' ? parsed as AlertsConsentState : null
    case 'recent_ticket':
      return typeof parsed.at === 'string' ? parsed as RecentTicketState : null
    case 'add_details':
      return typeof parsed.reference === 'string' && typeof parsed.text === 'string' ? parsed as AddDetailsState : null
    default:
      return null
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
