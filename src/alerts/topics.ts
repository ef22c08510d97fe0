// The town's alert topics are town data (issue 20): the `alertTopics` section of the town file
// (docs/town-file.md), read by the conversation and the managers' pages.
import { alertTopicRows } from '../db/alert-topics.ts'
import type { DbOrTx } from '../db/transaction.ts'

export type AlertTopic = { code: string, name: { fr: string, en: string }, description: { fr: string, en: string } | null }

export async function listAlertTopics (on: DbOrTx): Promise<AlertTopic[]> {
  const rows = await alertTopicRows(on)
  return rows.map(r => ({
    code: r.code,
    name: { fr: r.nameFr, en: r.nameEn },
    description: r.descriptionFr !== null && r.descriptionEn !== null ? { fr: r.descriptionFr, en: r.descriptionEn } : null,
  }))
}
