// The town file's rows, the whole town at once: read for an export (src/town/town-export.ts), and
// written by an import (src/town/town-import.ts builds the rows from the file). An import makes
// each table hold exactly the file's rows, matched by their natural keys (codes, dates, ids of the
// file), so that the same file imported twice leaves the same rows with the same ids and writes
// nothing; its functions take the import's transaction, so that a bad file changes nothing.
import { prismaFor, type DbOrTx } from './transaction.ts'

export type FileSettingRow = { key: string, value: string }
export type FileServiceRow = { code: string, nameFr: string, nameEn: string, email: string | null, phone: string | null, address: string | null, openingHours: string, position: number }
export type FileCategoryRow = {
  code: string, kind: string, nameFr: string, nameEn: string, descriptionFr: string | null, descriptionEn: string | null,
  serviceCode: string, open311: boolean, keywords: string, implicitDecisionDays: number | null, position: number
}
export type FilePlaceRow = { code: string, kind: string, nameFr: string, nameEn: string, aliases: string, address: string, phone: string | null, openingHours: string, hours: string, notes: string | null, position: number }
/** A dated exception of the place with this code. */
export type FilePlaceExceptionRow = { placeCode: string, from: Date, to: Date, open: boolean, noteFr: string | null, noteEn: string | null }
export type FileCanteenMenuRow = { date: string, starter: string | null, main: string, side: string | null, dessert: string | null, notes: string | null }
export type FileEventRow = { title: string, description: string | null, place: string | null, startsAt: Date, endsAt: Date | null, category: string | null, link: string | null, rrule: string | null, source: string, position: number }
export type FileWasteCollectionRow = { zone: string, area: string, streets: string, stream: string, days: string, rule: string | null, notes: string | null, position: number }
export type FileFaqEntryRow = { id: string, questions: string, answerFr: string, answerEn: string, link: string | null, tags: string, active: boolean, redirectName: string | null, redirectContact: string | null, position: number }
export type FileSchoolHolidayRow = { name: string, zone: string, from: string, to: string }
export type FileAlertTopicRow = { code: string, nameFr: string, nameEn: string, descriptionFr: string | null, descriptionEn: string | null, position: number }

type Row = Record<string, unknown> & { id: string }
type Data = Record<string, unknown>

const same = (a: unknown, b: unknown) => a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : (a ?? null) === (b ?? null)

/**
 * Makes a table hold exactly `wanted`, rows matched by key: new ones created in one statement,
 * changed ones updated, missing ones deleted; unchanged rows are not written (a re-import of the
 * same file writes nothing but its audit line).
 */
async function sync (existing: Row[], keyOf: (row: Data) => string, wanted: Data[], ops: {
  createMany (data: Data[]): Promise<unknown>
  update (id: string, data: Data): Promise<unknown>
  remove (ids: string[]): Promise<unknown>
}): Promise<void> {
  const byKey = new Map(existing.map(row => [keyOf(row), row]))
  const kept = new Set<string>()
  const created: Data[] = []
  for (const data of wanted) {
    const row = byKey.get(keyOf(data))
    if (row === undefined || kept.has(row.id)) { created.push(data); continue }
    kept.add(row.id)
    if (Object.keys(data).some(k => !same(row[k], data[k]))) await ops.update(row.id, data)
  }
  const gone = existing.filter(row => !kept.has(row.id)).map(row => row.id)
  if (gone.length) await ops.remove(gone)
  if (created.length) await ops.createMany(created)
}

/** The same for tables keyed by their own id column (code, date, key). */
const byId = <T extends Data>(rows: T[], idField: string): Row[] => rows.map(r => ({ ...r, id: String(r[idField]) }))

/** The writes `sync` needs, for a table whose rows are matched by their `id` column. The rows are
 *  `any` here: each exported function takes its table's own row type. */
type TableWithId = {
  createMany (args: { data: any[] }): Promise<unknown>
  update (args: { where: { id: string }, data: any }): Promise<unknown>
  deleteMany (args: { where: { id: { in: string[] } } }): Promise<unknown>
}
const writesById = (table: TableWithId) => ({
  createMany: (data: Data[]) => table.createMany({ data }),
  update: (id: string, data: Data) => table.update({ where: { id }, data }),
  remove: (ids: string[]) => table.deleteMany({ where: { id: { in: ids } } }),
})

export async function syncTownSettings (on: DbOrTx, wanted: FileSettingRow[]): Promise<void> {
  const tx = prismaFor(on)
  await sync(byId(await tx.townSetting.findMany({ select: { key: true, value: true } }), 'key'), r => String(r.key), wanted, {
    createMany: data => tx.townSetting.createMany({ data: data as FileSettingRow[] }),
    update: (key, data) => tx.townSetting.update({ where: { key }, data: { value: data.value as string } }),
    remove: keys => tx.townSetting.deleteMany({ where: { key: { in: keys } } }),
  })
}

/** Services and the ticket categories that point at them, by code, in the order their references need. */
export async function syncServicesAndCategories (on: DbOrTx, services: FileServiceRow[], categories: FileCategoryRow[]): Promise<void> {
  const tx = prismaFor(on)
  // Categories point at services: removed categories go first, new services before new categories.
  const categoryRows = await tx.ticketCategory.findMany()
  const wantedCategories = new Set(categories.map(c => c.code))
  const goneCategories = categoryRows.filter(c => !wantedCategories.has(c.code)).map(c => c.code)
  if (goneCategories.length) await tx.ticketCategory.deleteMany({ where: { code: { in: goneCategories } } })
  const serviceRows = await tx.municipalService.findMany()
  await sync(byId(serviceRows, 'code'), r => String(r.code), services, {
    createMany: data => tx.municipalService.createMany({ data: data as FileServiceRow[] }),
    update: (code, data) => tx.municipalService.update({ where: { code }, data }),
    remove: async () => {}, // after the categories
  })
  await sync(byId(categoryRows.filter(c => wantedCategories.has(c.code)), 'code'), r => String(r.code), categories, {
    createMany: data => tx.ticketCategory.createMany({ data: data as FileCategoryRow[] }),
    update: (code, data) => tx.ticketCategory.update({ where: { code }, data }),
    remove: async () => {},
  })
  const goneServices = serviceRows.filter(s => !services.some(w => w.code === s.code)).map(s => s.code)
  if (goneServices.length) await tx.municipalService.deleteMany({ where: { code: { in: goneServices } } })
}

/** Places by code, then their dated exceptions (by place, from, to and open). */
export async function syncPlacesAndExceptions (on: DbOrTx, places: FilePlaceRow[], exceptions: FilePlaceExceptionRow[]): Promise<void> {
  const tx = prismaFor(on)
  await sync(await tx.place.findMany(), r => String(r.code), places, writesById(tx.place))
  const placeIds = new Map((await tx.place.findMany({ select: { id: true, code: true } })).map(p => [p.code, p.id]))
  const wanted = exceptions.map(({ placeCode, ...e }) => ({ placeId: placeIds.get(placeCode)!, ...e }))
  const exceptionKey = (r: Data) => `${r.placeId}/${(r.from as Date).toISOString()}/${(r.to as Date).toISOString()}/${r.open}`
  await sync(await tx.placeException.findMany({ select: { id: true, placeId: true, from: true, to: true, open: true, noteFr: true, noteEn: true } }), exceptionKey, wanted, writesById(tx.placeException))
}

/** Dated menus, by date. */
export async function syncCanteenMenus (on: DbOrTx, menus: FileCanteenMenuRow[]): Promise<void> {
  const tx = prismaFor(on)
  await sync(await tx.canteenMenu.findMany(), r => String(r.date), menus, writesById(tx.canteenMenu))
}

/** Events of the file and of the administrators, by title and start (the iCalendar feed keeps its own). */
export async function syncFileEvents (on: DbOrTx, events: FileEventRow[]): Promise<void> {
  const tx = prismaFor(on)
  await sync(await tx.townEvent.findMany({ where: { source: { not: 'ics' } } }), r => `${r.title}/${(r.startsAt as Date).toISOString()}`, events, writesById(tx.townEvent))
}

/** Waste collection: one row per (zone, stream). */
export async function syncWasteCollections (on: DbOrTx, collections: FileWasteCollectionRow[]): Promise<void> {
  const tx = prismaFor(on)
  await sync(await tx.wasteCollection.findMany(), r => `${r.zone}/${r.stream}`, collections, writesById(tx.wasteCollection))
}

/** FAQ entries, by id. */
export async function syncFaqEntries (on: DbOrTx, faq: FileFaqEntryRow[]): Promise<void> {
  const tx = prismaFor(on)
  await sync(await tx.faqEntry.findMany(), r => String(r.id), faq, writesById(tx.faqEntry))
}

/** School holidays, by zone, name and first day. */
export async function syncSchoolHolidays (on: DbOrTx, holidays: FileSchoolHolidayRow[]): Promise<void> {
  const tx = prismaFor(on)
  await sync(await tx.schoolHoliday.findMany(), r => `${r.zone}/${r.name}/${r.from}`, holidays, writesById(tx.schoolHoliday))
}

/** How many alert subscriptions each topic that is not among `codes` still has (topics with none are absent). */
export async function subscriptionsOfTopicsOutside (on: DbOrTx, codes: string[]): Promise<{ topic: string, subscriptions: number }[]> {
  const tx = prismaFor(on)
  const keep = new Set(codes)
  const gone = (await tx.alertTopic.findMany({ select: { code: true } })).filter(t => !keep.has(t.code)).map(t => t.code)
  if (!gone.length) return []
  const counted = await tx.alertSubscription.groupBy({ by: ['topic'], where: { topic: { in: gone } }, _count: { _all: true } })
  return counted.map(s => ({ topic: s.topic, subscriptions: s._count._all }))
}

/** Alert topics, by code. */
export async function syncAlertTopics (on: DbOrTx, topics: FileAlertTopicRow[]): Promise<void> {
  const tx = prismaFor(on)
  await sync(byId(await tx.alertTopic.findMany(), 'code'), r => String(r.code), topics, {
    createMany: data => tx.alertTopic.createMany({ data: data as FileAlertTopicRow[] }),
    update: (code, data) => tx.alertTopic.update({ where: { code }, data }),
    remove: codes => tx.alertTopic.deleteMany({ where: { code: { in: codes } } }),
  })
}

/** Whether a town was imported already (the demo town is seeded only into an empty database). */
export async function hasTownServices (on: DbOrTx): Promise<boolean> {
  return await prismaFor(on).municipalService.count() > 0
}

/** Whether the town has alert topics (a town seeded before topics were town data has none). */
export async function hasAlertTopics (on: DbOrTx): Promise<boolean> {
  return await prismaFor(on).alertTopic.count() > 0
}

/** Every table of the town file, in the file's order, for an export. */
export async function townFileRows (on: DbOrTx) {
  const db = prismaFor(on)
  const [settings, services, categories, places, menus, events, waste, faq, holidays, topics] = await Promise.all([
    db.townSetting.findMany(),
    db.municipalService.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }] }),
    db.ticketCategory.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }] }),
    db.place.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }], include: { exceptions: { orderBy: { from: 'asc' } } } }),
    db.canteenMenu.findMany({ orderBy: { date: 'asc' } }),
    db.townEvent.findMany({ where: { source: { not: 'ics' } }, orderBy: [{ startsAt: 'asc' }, { title: 'asc' }] }),
    db.wasteCollection.findMany({ orderBy: [{ position: 'asc' }, { area: 'asc' }, { stream: 'asc' }] }),
    db.faqEntry.findMany({ orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] }),
    db.schoolHoliday.findMany({ orderBy: [{ from: 'asc' }, { zone: 'asc' }] }),
    db.alertTopic.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }] }),
  ])
  return { settings, services, categories, places, menus, events, waste, faq, holidays, topics }
}
