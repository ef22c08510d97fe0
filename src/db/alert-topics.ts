// The town's alert topics (town data, issue 20): what citizens subscribe to and broadcasts are sent on.
import { prismaFor, type DbOrTx } from './transaction.ts'

export type AlertTopicRow = { code: string, nameFr: string, nameEn: string, descriptionFr: string | null, descriptionEn: string | null }

const COLUMNS = { code: true, nameFr: true, nameEn: true, descriptionFr: true, descriptionEn: true } as const

export async function findAlertTopic (on: DbOrTx, code: string): Promise<AlertTopicRow | null> {
  return prismaFor(on).alertTopic.findUnique({ where: { code }, select: COLUMNS })
}

/** In the town's order. */
export async function alertTopicRows (on: DbOrTx): Promise<AlertTopicRow[]> {
  return prismaFor(on).alertTopic.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }], select: COLUMNS })
}
