// Consultation answers in the conversation (issue 20). A citizen who was sent a consultation and
// whose next message reads as an answer (parse-answer.ts) has it recorded: one answer per citizen,
// the last one counts until the consultation closes. Anything else is answered as usual, so
// « c'est quand la fin des travaux ? » after an alert is a normal conversation.
import type { Tx } from '../db/client.ts'
import type { DbOrTx } from '../db/transaction.ts'
import { latestOutboundMeta, openConsultations } from '../db/consultation-reads.ts'
import type { Turn, TurnResult } from '../answerer.ts'
import type { Lang } from '../domain.ts'
import { CHANNEL_OF_KIND } from '../alerts/audience.ts'
import type { IdentityKind } from '../domain.ts'
import { parseAnswer, type ConsultationOption } from './parse-answer.ts'

export type PendingConsultation = { id: string, options: ConsultationOption[], closesAt: Date }

const KEEP_ANSWERER: ReadonlySet<string> = new Set(['opt_out', 'opt_in'])

/**
 * For each identity whose latest outbound message is part of a consultation still open, that
 * consultation. One query for a batch of turns, and none at all while no consultation is open.
 */
export async function pendingConsultations (on: DbOrTx, identityIds: string[], now: Date): Promise<Map<string, PendingConsultation>> {
  const pending = new Map<string, PendingConsultation>()
  if (!identityIds.length) return pending
  const open = await openConsultations(on, now)
  if (!open.length) return pending
  for (const row of await latestOutboundMeta(on, identityIds)) {
    if (!row.meta?.includes('"consultationId"')) continue
    const id = (JSON.parse(row.meta) as { consultationId?: string }).consultationId
    const consultation = open.find(c => c.id === id)
    if (consultation) pending.set(row.identityId, { id: consultation.id, options: JSON.parse(consultation.options) as ConsultationOption[], closesAt: consultation.closesAt })
  }
  return pending
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

export async function recordConsultationAnswer (tx: Tx, input: AnswerInput): Promise<void> {
  const { consultationId, citizenId, now } = input
  if (input.wantsResult) {
    await tx.consultationAnswer.updateMany({ where: { consultationId, citizenId }, data: { wantsResult: true } })
    return
  }
  const identity = await tx.identity.findUnique({ where: { id: input.identityId }, select: { kind: true } })
  const channel = CHANNEL_OF_KIND[(identity?.kind ?? 'webchat') as IdentityKind]?.key ?? 'webchat'
  await tx.consultationAnswer.upsert({
    where: { consultationId_citizenId: { consultationId, citizenId } },
    create: { consultationId, citizenId, channel, optionIndex: input.optionIndex, text: input.text, createdAt: now, updatedAt: now },
    update: { channel, optionIndex: input.optionIndex, text: input.text, updatedAt: now },
  })
}
