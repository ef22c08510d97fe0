// The demo town seeded on the first start: town/demo-town.yaml, imported through the same path as
// any town file (npm run town:import). Nothing about the demo town is written in code.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Store } from '../db/transaction.ts'
import { inPrismaTransaction } from '../db/prisma-transaction.ts'
import { hasAlertTopics, hasTownServices } from '../db/town-file-rows.ts'
import { readTownText, type TownFile } from './town-file.ts'
import { importTown, writeAlertTopics } from './town-import.ts'

export const DEMO_TOWN_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'town', 'demo-town.yaml')

/** Reads a town file from disk, with its faqInclude files resolved beside it. */
export function readTownFile (file: string): TownFile {
  return readTownText(fs.readFileSync(file, 'utf8'), include => fs.readFileSync(path.resolve(path.dirname(file), include), 'utf8'))
}

let demo: TownFile | undefined

/** Seeds the demo town once: does nothing when town data already exists. */
export async function seedDemoTown (store: Store, timeZone = 'Europe/Paris'): Promise<boolean> {
  if (await hasTownServices(store)) {
    // A town seeded before alert topics were town data: the demo file's topics, once.
    if (!await hasAlertTopics(store)) {
      demo ??= readTownFile(DEMO_TOWN_FILE)
      const topics = demo.alertTopics ?? []
      await inPrismaTransaction(store, tx => writeAlertTopics(tx, topics))
    }
    return false
  }
  demo ??= readTownFile(DEMO_TOWN_FILE)
  await importTown(store, demo, { via: 'seed', timeZone })
  return true
}
