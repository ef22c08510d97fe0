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

export type DialogState = ReportState | FormalState | ClarifyState | WasteState | TicketReplyState

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
