// The demo town seeded on the first start: town/demo-town.yaml, imported through the same path as
// any town file (npm run town:import). Nothing about the demo town is written in code.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from '../db/client.ts'
import { readTownText, type TownFile } from './town-file.ts'
import { importTown, writeAlertTopics } from './town-import.ts'

export const DEMO_TOWN_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'town', 'demo-town.yaml')

/** Reads a town file from disk, with its faqInclude files resolved beside it. */
export function readTownFile (file: string): TownFile {
  return readTownText(fs.readFileSync(file, 'utf8'), include => fs.readFileSync(path.resolve(path.dirname(file), include), 'utf8'))
}

let demo: TownFile | undefined

/** Seeds the demo town once: does nothing when town data already exists. */
export async function seedDemoTown (db: Db, timeZone = 'Europe/Paris'): Promise<boolean> {
  if (await db.municipalService.count() > 0) {
    // A town seeded before alert topics were town data: the demo file's topics, once.
    if (await db.alertTopic.count() === 0) {
      demo ??= readTownFile(DEMO_TOWN_FILE)
      const topics = demo.alertTopics ?? []
      await db.$transaction(tx => writeAlertTopics(tx, topics))
    }
    return false
  }
  demo ??= readTownFile(DEMO_TOWN_FILE)
  await importTown(db, demo, { via: 'seed', timeZone })
  return true
}
