// Importing a town file: the file's rows, built here, written table by table in one transaction
// (src/db/town-file-rows.ts matches them by their natural keys: a re-import changes nothing).
import type { Store, Transaction } from '../db/transaction.ts'
import { inPrismaTransaction } from '../db/prisma-transaction.ts'
import {
  subscriptionsOfTopicsOutside, syncAlertTopics, syncCanteenMenus, syncFaqEntries, syncFileEvents,
  syncPlacesAndExceptions, syncSchoolHolidays, syncServicesAndCategories, syncTownSettings, syncWasteCollections,
} from '../db/town-file-rows.ts'
import { ValidationFailed } from '../errors.ts'
import { recordAudit } from '../db/audit-log.ts'
import type { TownFile, TownFileAlertTopic } from './town-file.ts'
import { parseLocal } from './local-time.ts'

/** Town settings kept as TownSetting rows (JSON values). */
export const SETTING_KEYS = ['townName', 'bookingUrl', 'holidays', 'schoolZone', 'bbox', 'satisfactionSurvey', 'menuCycle'] as const

export type ImportCounts = Record<'services' | 'categories' | 'places' | 'exceptions' | 'menus' | 'events' | 'wasteCollections' | 'faq' | 'schoolHolidays' | 'alertTopics', number>
export type ImportActor = { actorId?: string, via: 'cli' | 'api' | 'seed' | 'admin' }

const instant = (value: string, timeZone: string, endOfDay = false) => parseLocal(value, timeZone, endOfDay)!

/** The town file's rows, table by table, written in the order their references need (src/db/town-file-rows.ts). */
export async function writeTown (tx: Transaction, town: TownFile, timeZone: string): Promise<ImportCounts> {
  const settings: Record<string, unknown> = { ...town.settings, menuCycle: town.menuCycle ?? undefined }
  await syncTownSettings(tx, SETTING_KEYS.filter(key => settings[key] !== undefined).map(key => ({ key, value: JSON.stringify(settings[key]) })))

  const services = town.services.map((s, position) => ({ code: s.code, nameFr: s.name.fr, nameEn: s.name.en, email: s.email, phone: s.phone, address: s.address, openingHours: s.openingHours ?? '', position }))
  const categories = town.categories.map((c, position) => ({
    code: c.code, kind: c.kind, nameFr: c.name.fr, nameEn: c.name.en, descriptionFr: c.description?.fr ?? null, descriptionEn: c.description?.en ?? null,
    serviceCode: c.service, open311: c.visibility === 'public', keywords: c.keywords.join(','), implicitDecisionDays: c.implicitDecisionDays, position,
  }))
  await syncServicesAndCategories(tx, services, categories)

  const places = town.places.map((p, position) => ({ code: p.code, kind: p.kind, nameFr: p.name.fr, nameEn: p.name.en, aliases: p.aliases.join(','), address: p.address, phone: p.phone, openingHours: p.openingHours, hours: '{}', notes: p.notes, position }))
  const exceptions = town.places.flatMap(p => p.exceptions.map(e => ({
    placeCode: p.code, from: instant(e.from, timeZone), to: instant(e.to, timeZone, true), open: e.open, noteFr: e.note?.fr ?? null, noteEn: e.note?.en ?? null,
  })))
  await syncPlacesAndExceptions(tx, places, exceptions)

  const menus = town.menus.map(m => ({ date: m.date, starter: m.starter, main: m.main, side: m.side, dessert: m.dessert, notes: m.notes }))
  await syncCanteenMenus(tx, menus)

  const events = town.events.map((e, position) => ({ title: e.title, description: e.description, place: e.place, startsAt: instant(e.start, timeZone), endsAt: e.end === null ? null : instant(e.end, timeZone, true), category: e.category, link: e.link, rrule: e.rrule, source: 'file', position }))
  await syncFileEvents(tx, events)

  let position = 0
  const collections = town.wasteZones.flatMap(z => z.collections.map(c => ({ zone: z.code, area: z.name, streets: z.streets.join(','), stream: c.stream, days: JSON.stringify(c.days), rule: c.rule, notes: c.notes, position: position++ })))
  await syncWasteCollections(tx, collections)

  const faq = town.faq.map((f, position) => ({ id: f.id, questions: JSON.stringify(f.questions), answerFr: f.answer.fr, answerEn: f.answer.en, link: f.link, tags: JSON.stringify(f.tags), active: f.active, redirectName: f.redirect?.name ?? null, redirectContact: f.redirect?.contact ?? null, position }))
  await syncFaqEntries(tx, faq)

  await syncSchoolHolidays(tx, town.schoolHolidays)

  // Alert topics (by code); absent from the file: left as they are.
  if (town.alertTopics) await writeAlertTopics(tx, town.alertTopics)

  return {
    alertTopics: town.alertTopics?.length ?? 0,
    services: services.length, categories: categories.length, places: places.length, exceptions: exceptions.length,
    menus: menus.length, events: events.length, wasteCollections: collections.length, faq: faq.length, schoolHolidays: town.schoolHolidays.length,
  }
}

/**
 * Makes the alert topics exactly `wanted`. A topic citizens are still subscribed to is not removed
 * by accident: the file must keep it (their consent names it).
 */
export async function writeAlertTopics (tx: Transaction, wanted: TownFileAlertTopic[]): Promise<void> {
  const subscribed = await subscriptionsOfTopicsOutside(tx, wanted.map(t => t.code))
  if (subscribed.length) {
    throw new ValidationFailed(`The town document is not valid: ${subscribed.length} problem(s), nothing changed`, subscribed.map(s => ({ path: 'alertTopics', message: `the topic "${s.topic}" has ${s.subscriptions} subscription(s): keep it in the file` })))
  }
  await syncAlertTopics(tx, wanted.map((t, position) => ({ code: t.code, nameFr: t.name.fr, nameEn: t.name.en, descriptionFr: t.description?.fr ?? null, descriptionEn: t.description?.en ?? null, position })))
}

// An import may rewrite thousands of rows on a loaded machine: more time than a turn's transaction.
const IMPORT_LIMITS = { timeout: 60_000, maxWait: 10_000 }

/** Replaces the whole town in one transaction, audited. A failure changes nothing. */
export async function importTown (store: Store, town: TownFile, options: ImportActor & { timeZone: string, section?: string }): Promise<ImportCounts> {
  return inPrismaTransaction(store, async tx => {
    const counts = await writeTown(tx, town, options.timeZone)
    await recordAudit(tx, { actorId: options.actorId, action: 'town.import', targetType: 'town', detail: { via: options.via, ...(options.section ? { section: options.section } : {}), ...counts } })
    return counts
  }, IMPORT_LIMITS)
}
