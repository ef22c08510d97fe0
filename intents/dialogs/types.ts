// What every dialog reads and returns. Dialogs are reducers (STYLE.md 3.7): they read the town
// through the TownData port only and return replies, actions and the next state, never touching a database.
import type { TownData, Turn, TurnAction } from '../../src/answerer.ts'
import type { Lang } from '../../src/domain.ts'
import type { IntentId } from '../catalog.ts'
import type { Classification } from '../classifier.ts'
import type { DialogState } from './state.ts'

export type DialogContext = {
  turn: Turn
  data: TownData
  lang: Lang
  classification: Classification
  ticketPrefix: string
  /** normalizeText(turn.text), computed once per turn: the classifier, the entities and the dialogs all start from it. */
  normalized: string
}

export type DialogResult = {
  replies: string[]
  actions: TurnAction[]
  /** Plain JSON, saved with the conversation; null ends the dialog. */
  state: DialogState | null
  misunderstood?: boolean
  /** The intent this turn served, when a running dialog answered rather than the classifier. */
  intent?: IntentId
}

/** French or English text for the reply language. */
export const say = (lang: Lang, fr: string, en: string): string => lang === 'en' ? en : fr

/** " : " in French typography, ": " in English. */
export const colon = (lang: Lang): string => lang === 'en' ? ': ' : ' : '

export const reply = (text: string, state: DialogState | null = null, actions: TurnAction[] = []): DialogResult =>
  ({ replies: [text], actions, state })
