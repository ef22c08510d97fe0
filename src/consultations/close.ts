// When a consultation closes, the citizens who asked for the result (« RÉSULTAT ») are told it on
// the channel they last used, in their language, like a ticket's status update.
import type { Store } from '../db/transaction.ts'
import { inPrismaTransaction } from '../db/prisma-transaction.ts'
import { answersWaitingForResult, closedConsultationIds, consultationById, resultToldFor, setClosesAt } from '../db/consultations.ts'
import type { Config } from '../config.ts'
import type { Lang } from '../domain.ts'
import { AppError } from '../errors.ts'
import { notifyCitizen } from '../tickets/notify-citizen.ts'
import { consultationResults, type Results } from './results.ts'

const BATCH = 200

export function resultText (results: Results, lang: Lang): string {
  const fr = lang !== 'en'
  const head = fr ? `Résultat de la consultation « ${results.question.fr} » (${results.total} réponse${results.total > 1 ? 's' : ''}) :` : `Result of the consultation "${results.question.en}" (${results.total} answer${results.total === 1 ? '' : 's'}):`
  if (!results.options.length) return `${head}\n${fr ? 'Les réponses libres sont en cours de lecture par la mairie. Merci de votre participation !' : 'The town hall is reading the free answers. Thank you for taking part!'}`
  const lines = [...results.options].sort((a, b) => b.count - a.count)
    .map(o => `${o.label[lang]} : ${o.count} (${results.total ? Math.round(o.count * 100 / results.total) : 0} %)`)
  return `${head}\n${lines.join('\n')}`
}

export async function closeConsultation (store: Store, config: Pick<Config, 'timeZone' | 'quietHours'>, id: string, now: Date): Promise<number> {
  const consultation = await consultationById(store, id)
  if (!consultation) throw new AppError('not_found', 'No such consultation')
  if (consultation.closesAt > now) await setClosesAt(store, id, now)
  return tellResults(store, config, id, now)
}

/** Tells the waiting citizens of one consultation, or of every consultation closed by now. */
export async function tellResults (store: Store, config: Pick<Config, 'timeZone' | 'quietHours'>, id: string | undefined, now: Date): Promise<number> {
  const closed = await closedConsultationIds(store, now, id)
  let told = 0
  for (const consultationId of closed) {
    const waiting = await answersWaitingForResult(store, consultationId, BATCH)
    if (!waiting.length) continue
    const results = await consultationResults(store, consultationId, now)
    await inPrismaTransaction(store, async tx => {
      for (const answer of waiting) {
        await notifyCitizen(tx, { timeZone: config.timeZone, quietHours: config.quietHours }, { citizenId: answer.citizenId, text: lang => resultText(results, lang), meta: { consultationId, result: true } }, now)
      }
      await resultToldFor(tx, waiting.map(w => w.id))
    })
    told += waiting.length
  }
  return told
}
