// The citizens' messages the assistant did not understand or had to clarify (out_of_scope, or a
// confidence below the classifier's threshold), FAQ and fiche answers aside: what the managers'
// « questions sans réponse » page groups (src/town/unanswered.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type UnansweredQuestion = { id: number, text: string, nluText: string | null, lang: string | null, createdAt: Date }

/** The newest `limit` such messages received in [from, to) and already processed, newest first. */
export async function unansweredQuestionsBetween (on: DbOrTx, window: { from: Date, to: Date }, confidenceBelow: number, limit: number): Promise<UnansweredQuestion[]> {
  return prismaFor(on).message.findMany({
    where: {
      direction: 'inbound', author: 'citizen', processedAt: { not: null }, createdAt: { gte: window.from, lt: window.to },
      OR: [{ intent: 'out_of_scope' }, { confidence: { lt: confidenceBelow } }],
      NOT: { intent: { in: ['faq', 'fiche'] } },
    },
    orderBy: { id: 'desc' },
    take: limit,
    select: { id: true, text: true, nluText: true, lang: true, createdAt: true },
  })
}
