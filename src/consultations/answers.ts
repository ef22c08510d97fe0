// Consultation answers in the conversation (issue 20). A citizen who was sent a consultation and
// whose next message reads as an answer (parse-answer.ts) has it recorded: one answer per citizen,
// the last one counts until the consultation closes. Anything else is answered as usual, so
// « c'est quand la fin des travaux ? » after an alert is a normal conversation.
import type { DbOrTx } from '../db/transaction.ts'
import { latestOutboundMeta, openConsultations } from '../db/consultation-reads.ts'
import { askForResult, saveAnswer } from '../db/consultations.ts'
import { identityKind } from '../db/identities.ts'
import type { Turn, TurnResult } from '../answerer.ts'
import type { Lang } from '../domain.ts'
import { RECIPIENT_KEY } from '../alerts/audience.ts'
import type { IdentityKind } from '../domain.ts'
import { parseAnswer, type ConsultationOption } from './parse-answer.ts'
import { chatInvitationText } from './consultation-text.ts'

export type PendingConsultation = { id: string, options: ConsultationOption[], closesAt: Date }
/** A consultation opened in the web chat: offered to each new chat conversation while it is open. */
export type ChatConsultation = PendingConsultation & { question: { fr: string, en: string } }
export type TurnConsultations = { pending: Map<string, PendingConsultation>, inChat: ChatConsultation[] }

const KEEP_ANSWERER: ReadonlySet<string> = new Set(['opt_out', 'opt_in'])

/**
 * For each identity whose latest outbound message is part of a consultation still open, that
 * consultation; and the open consultations offered in the web chat. One query for a batch of
 * turns, and a second only while a consultation is open.
 */
export async function pendingConsultations (on: DbOrTx, identityIds: string[], now: Date): Promise<TurnConsultations> {
  const pending = new Map<string, PendingConsultation>()
  if (!identityIds.length) return { pending, inChat: [] }
  const rows = await openConsultations(on, now)
  if (!rows.length) return { pending, inChat: [] }
  const open = rows.map(c => ({ id: c.id, options: JSON.parse(c.options) as ConsultationOption[], closesAt: c.closesAt, question: c.question, openInChat: c.openInChat }))
  for (const row of await latestOutboundMeta(on, identityIds)) {
    if (!row.meta?.includes('"consultationId"')) continue
    const id = (JSON.parse(row.meta) as { consultationId?: string }).consultationId
    const consultation = open.find(c => c.id === id)
    if (consultation) pending.set(row.identityId, { id: consultation.id, options: consultation.options, closesAt: consultation.closesAt })
  }
  return { pending, inChat: open.filter(c => c.openInChat).map(({ openInChat: _, ...c }) => c) }
}

/**
 * The consultation to offer after a web chat conversation's first answer, if one is open in the
 * chat: not while the assistant waits for the answer to its own question (a « oui » must stay
 * the dialog's), nor after a consultation answer. Its message carries the consultation's id, so
 * the citizen's next message is read as an answer to it, by the same rules as on every channel.
 */
export function chatInvitation (inChat: ChatConsultation[], answered: TurnResult): { consultationId: string, text: string } | undefined {
  const consultation = inChat[0]
  if (!consultation || answered.dialogState != null || answered.actions.some(a => a.type === 'consultation_answer' || a.type === 'hand_to_agent')) return undefined
  return { consultationId: consultation.id, text: chatInvitationText(consultation.question, consultation.options, answered.lang) }
}

const closesText = (closesAt: Date, lang: Lang, timeZone: string) => closesAt.toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' })

export function routeConsultationAnswer (pending: PendingConsultation | undefined, turn: Turn, answered: TurnResult, timeZone: string): TurnResult {
  if (!pending || answered.actions.some(a => KEEP_ANSWERER.has(a.type))) return answered
  const parsed = parseAnswer(turn.text, pending.options)
  if (!parsed) return answered
  const lang = answered.lang
  const fr = lang !== 'en'
  let reply: string
  let action: TurnResult['actions'][number]
  if ('wantsResult' in parsed) {
    reply = fr ? 'C\'est noté : vous recevrez le résultat à la clôture de la consultation.' : 'Noted: you will receive the result when the consultation closes.'
    action = { type: 'consultation_answer', consultationId: pending.id, optionIndex: null, text: null, wantsResult: true }
  } else {
    const label = 'optionIndex' in parsed ? `${parsed.optionIndex}. ${pending.options[parsed.optionIndex - 1][lang]}` : parsed.text
    const until = closesText(pending.closesAt, lang, timeZone)
    reply = fr
      ? `Merci, votre réponse « ${label} » est enregistrée. Vous pouvez la changer jusqu'au ${until}. Écrivez RÉSULTAT pour recevoir le résultat.`
      : `Thank you, your answer "${label}" is recorded. You can change it until ${until}. Write RESULT to receive the result.`
    action = 'optionIndex' in parsed
      ? { type: 'consultation_answer', consultationId: pending.id, optionIndex: parsed.optionIndex, text: null }
      : { type: 'consultation_answer', consultationId: pending.id, optionIndex: null, text: parsed.text }
  }
  return { ...answered, intent: 'participation', replies: [reply], actions: [action], dialogState: turn.dialogState, misunderstood: false }
}

export type AnswerInput = { consultationId: string, citizenId: string, identityId: string, optionIndex: number | null, text: string | null, wantsResult?: boolean, now: Date }

export async function recordConsultationAnswer (on: DbOrTx, input: AnswerInput): Promise<void> {
  const { consultationId, citizenId, now } = input
  if (input.wantsResult) {
    await askForResult(on, consultationId, citizenId)
    return
  }
  const kind = await identityKind(on, input.identityId)
  const channel = RECIPIENT_KEY[(kind ?? 'webchat') as IdentityKind] ?? 'webchat'
  await saveAnswer(on, { consultationId, citizenId, channel, optionIndex: input.optionIndex, text: input.text, now })
}
