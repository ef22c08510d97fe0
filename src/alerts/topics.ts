// The town's alert topics are town data (issue 20): a default list seeded from
// town/demo/alert-topics.yaml, read by the conversation and the managers' pages.
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import type { Db } from '../db/client.ts'

export type AlertTopic = { code: string, name: { fr: string, en: string }, description: { fr: string, en: string } | null }

export const DEMO_TOPICS_FILE = path.join(import.meta.dirname, '..', '..', 'town', 'demo', 'alert-topics.yaml')

/** Reads a topics file (YAML or JSON): a list of { code, name: {fr, en}, description?: {fr, en} }. */
export function readTopicsFile (file: string): AlertTopic[] {
  const raw = parse(fs.readFileSync(file, 'utf8')) as unknown
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a list of topics`)
  return raw.map((entry, i) => {
    const t = entry as { code?: unknown, name?: { fr?: unknown, en?: unknown }, description?: { fr?: unknown, en?: unknown } }
    if (typeof t.code !== 'string' || !/^[a-z][a-z0-9_-]{0,39}$/.test(t.code)) throw new Error(`${file}: topic ${i + 1} needs a code of lower-case letters`)
    if (typeof t.name?.fr !== 'string' || typeof t.name?.en !== 'string') throw new Error(`${file}: topic ${t.code} needs name.fr and name.en`)
    const description = typeof t.description?.fr === 'string' && typeof t.description?.en === 'string' ? { fr: t.description.fr, en: t.description.en } : null
    return { code: t.code, name: { fr: t.name.fr, en: t.name.en }, description }
  })
}

/** Seeds the default topics when the town has none yet. */
export async function seedAlertTopics (db: Db, file = DEMO_TOPICS_FILE): Promise<void> {
  if (await db.alertTopic.count() > 0) return
  const topics = readTopicsFile(file)
  await db.$transaction(topics.map((t, position) => db.alertTopic.create({
    data: { code: t.code, nameFr: t.name.fr, nameEn: t.name.en, descriptionFr: t.description?.fr ?? null, descriptionEn: t.description?.en ?? null, position },
  })))
}

export async function listAlertTopics (db: Db): Promise<AlertTopic[]> {
  const rows = await db.alertTopic.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }] })
  return rows.map(r => ({
    code: r.code,
    name: { fr: r.nameFr, en: r.nameEn },
    description: r.descriptionFr !== null && r.descriptionEn !== null ? { fr: r.descriptionFr, en: r.descriptionEn } : null,
  }))
}
