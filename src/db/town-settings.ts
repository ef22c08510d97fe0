// Town settings: a named function per setting read outside the town data cache, so routes do not
// reach into town/ (which depends on features that depend on tickets); and all of them for the cache.
import type { Db, Tx } from './client.ts'
import { prismaFor, type DbOrTx } from './transaction.ts'
import { parseBbox, type BoundingBox } from '../domain.ts'

/** The town file's box (TownSetting bbox), undefined when the town has none. Read per Open311 POST, not per message. */
export async function townFileBbox (db: Db): Promise<BoundingBox | undefined> {
  const row = await db.townSetting.findUnique({ where: { key: 'bbox' } })
  if (!row) return undefined
  try {
    const value = JSON.parse(row.value) as unknown
    return typeof value === 'string' ? parseBbox(value) : undefined
  } catch {
    return undefined
  }
}

/** The town file's `settings.satisfactionSurvey` (issue 18): false unless the town said true. */
export async function satisfactionSurveyOn (db: Db | Tx): Promise<boolean> {
  const row = await db.townSetting.findUnique({ where: { key: 'satisfactionSurvey' } })
  try {
    return row !== null && JSON.parse(row.value) === true
  } catch {
    return false
  }
}

/** Every setting of the town file, its value a JSON text (read by the town data cache). */
export async function townSettingRows (on: DbOrTx): Promise<{ key: string, value: string }[]> {
  return prismaFor(on).townSetting.findMany({ select: { key: true, value: true } })
}
