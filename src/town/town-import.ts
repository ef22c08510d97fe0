// Importing a town file: one transaction, rows matched by their natural keys (codes, dates, ids of
// the file) so that the same file imported twice leaves the same rows with the same ids.
import type { Db, Tx } from '../db/client.ts'
import { ValidationFailed } from '../errors.ts'
import { recordAudit } from '../auth/audit.ts'
import type { TownFile, TownFileAlertTopic } from './town-file.ts'
import { parseLocal } from './local-time.ts'

/** Town settings kept as TownSetting rows (JSON values). */
export const SETTING_KEYS = ['townName', 'bookingUrl', 'holidays', 'schoolZone', 'bbox', 'satisfactionSurvey', 'menuCycle'] as const

export type ImportCounts = Record<'services' | 'categories' | 'places' | 'exceptions' | 'menus' | 'events' | 'wasteCollections' | 'faq' | 'schoolHolidays' | 'alertTopics', number>
export type ImportActor = { actorId?: string, via: 'cli' | 'api' | 'seed' | 'admin' }

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

const instant = (value: string, timeZone: string, endOfDay = false) => parseLocal(value, timeZone, endOfDay)!

export async function writeTown (tx: Tx, town: TownFile, timeZone: string): Promise<ImportCounts> {
  // Settings
  const settings: Record<string, unknown> = { ...town.settings, menuCycle: town.menuCycle ?? undefined }
  await sync(byId(await tx.townSetting.findMany({ select: { key: true, value: true } }), 'key'), r => String(r.key),
    SETTING_KEYS.filter(key => settings[key] !== undefined).map(key => ({ key, value: JSON.stringify(settings[key]) })), {
      createMany: data => tx.townSetting.createMany({ data: data as { key: string, value: string }[] }),
      update: (key, data) => tx.townSetting.update({ where: { key }, data: { value: data.value as string } }),
      remove: keys => tx.townSetting.deleteMany({ where: { key: { in: keys } } }),
    })

  // Categories point at services: removed categories go first, new services before new categories.
  const categoryRows = await tx.ticketCategory.findMany()
  const wantedCategories = new Set(town.categories.map(c => c.code))
  const goneCategories = categoryRows.filter(c => !wantedCategories.has(c.code)).map(c => c.code)
  if (goneCategories.length) await tx.ticketCategory.deleteMany({ where: { code: { in: goneCategories } } })
  const serviceRows = await tx.municipalService.findMany()
  const services = town.services.map((s, position) => ({ code: s.code, nameFr: s.name.fr, nameEn: s.name.en, email: s.email, phone: s.phone, address: s.address, openingHours: s.openingHours ?? '', position }))
  const serviceOps = {
    update: (code: string, data: Data) => tx.municipalService.update({ where: { code }, data }),
    remove: async () => {}, // after the categories
  }
  await sync(byId(serviceRows, 'code'), r => String(r.code), services, { ...serviceOps, createMany: data => tx.municipalService.createMany({ data: data as typeof services }) })
  const categories = town.categories.map((c, position) => ({
    code: c.code, kind: c.kind, nameFr: c.name.fr, nameEn: c.name.en, descriptionFr: c.description?.fr ?? null, descriptionEn: c.description?.en ?? null,
    serviceCode: c.service, open311: c.visibility === 'public', keywords: c.keywords.join(','), implicitDecisionDays: c.implicitDecisionDays, position,
  }))
  await sync(byId(categoryRows.filter(c => wantedCategories.has(c.code)), 'code'), r => String(r.code), categories, {
    createMany: data => tx.ticketCategory.createMany({ data: data as typeof categories }),
    update: (code, data) => tx.ticketCategory.update({ where: { code }, data }),
    remove: async () => {},
  })
  const goneServices = serviceRows.filter(s => !town.services.some(w => w.code === s.code)).map(s => s.code)
  if (goneServices.length) await tx.municipalService.deleteMany({ where: { code: { in: goneServices } } })

  // Places, then their dated exceptions
  const places = town.places.map((p, position) => ({ code: p.code, kind: p.kind, nameFr: p.name.fr, nameEn: p.name.en, aliases: p.aliases.join(','), address: p.address, phone: p.phone, openingHours: p.openingHours, hours: '{}', notes: p.notes, position }))
  await sync(await tx.place.findMany(), r => String(r.code), places, {
    createMany: data => tx.place.createMany({ data: data as typeof places }),
    update: (id, data) => tx.place.update({ where: { id }, data }),
    remove: ids => tx.place.deleteMany({ where: { id: { in: ids } } }),
  })
  const placeIds = new Map((await tx.place.findMany({ select: { id: true, code: true } })).map(p => [p.code, p.id]))
  const exceptions = town.places.flatMap(p => p.exceptions.map(e => ({
    placeId: placeIds.get(p.code)!, from: instant(e.from, timeZone), to: instant(e.to, timeZone, true), open: e.open, noteFr: e.note?.fr ?? null, noteEn: e.note?.en ?? null,
  })))
  const exceptionKey = (r: Data) => `${r.placeId}/${(r.from as Date).toISOString()}/${(r.to as Date).toISOString()}/${r.open}`
  await sync(await tx.placeException.findMany({ select: { id: true, placeId: true, from: true, to: true, open: true, noteFr: true, noteEn: true } }), exceptionKey, exceptions, {
    createMany: data => tx.placeException.createMany({ data: data as typeof exceptions }),
    update: (id, data) => tx.placeException.update({ where: { id }, data }),
    remove: ids => tx.placeException.deleteMany({ where: { id: { in: ids } } }),
  })

  // Menus (by date)
  const menus = town.menus.map(m => ({ date: m.date, starter: m.starter, main: m.main, side: m.side, dessert: m.dessert, notes: m.notes }))
  await sync(await tx.canteenMenu.findMany(), r => String(r.date), menus, {
    createMany: data => tx.canteenMenu.createMany({ data: data as typeof menus }),
    update: (id, data) => tx.canteenMenu.update({ where: { id }, data }),
    remove: ids => tx.canteenMenu.deleteMany({ where: { id: { in: ids } } }),
  })

  // Events of the file and of the administrators (the iCalendar feed keeps its own)
  const events = town.events.map((e, position) => ({ title: e.title, description: e.description, place: e.place, startsAt: instant(e.start, timeZone), endsAt: e.end === null ? null : instant(e.end, timeZone, true), category: e.category, link: e.link, rrule: e.rrule, source: 'file', position }))
  await sync(await tx.townEvent.findMany({ where: { source: { not: 'ics' } } }), r => `${r.title}/${(r.startsAt as Date).toISOString()}`, events, {
    createMany: data => tx.townEvent.createMany({ data: data as typeof events }),
    update: (id, data) => tx.townEvent.update({ where: { id }, data }),
    remove: ids => tx.townEvent.deleteMany({ where: { id: { in: ids } } }),
  })

  // Waste collection: one row per (zone, stream)
  let position = 0
  const collections = town.wasteZones.flatMap(z => z.collections.map(c => ({ zone: z.code, area: z.name, streets: z.streets.join(','), stream: c.stream, days: JSON.stringify(c.days), rule: c.rule, notes: c.notes, position: position++ })))
  await sync(await tx.wasteCollection.findMany(), r => `${r.zone}/${r.stream}`, collections, {
    createMany: data => tx.wasteCollection.createMany({ data: data as typeof collections }),
    update: (id, data) => tx.wasteCollection.update({ where: { id }, data }),
    remove: ids => tx.wasteCollection.deleteMany({ where: { id: { in: ids } } }),
  })

  // FAQ (by id)
  const faq = town.faq.map((f, position) => ({ id: f.id, questions: JSON.stringify(f.questions), answerFr: f.answer.fr, answerEn: f.answer.en, link: f.link, tags: JSON.stringify(f.tags), active: f.active, redirectName: f.redirect?.name ?? null, redirectContact: f.redirect?.contact ?? null, position }))
  await sync(await tx.faqEntry.findMany(), r => String(r.id), faq, {
    createMany: data => tx.faqEntry.createMany({ data: data as typeof faq }),
    update: (id, data) => tx.faqEntry.update({ where: { id }, data }),
    remove: ids => tx.faqEntry.deleteMany({ where: { id: { in: ids } } }),
  })

  // School holidays
  await sync(await tx.schoolHoliday.findMany(), r => `${r.zone}/${r.name}/${r.from}`, town.schoolHolidays, {
    createMany: data => tx.schoolHoliday.createMany({ data: data as TownFile['schoolHolidays'] }),
    update: (id, data) => tx.schoolHoliday.update({ where: { id }, data }),
    remove: ids => tx.schoolHoliday.deleteMany({ where: { id: { in: ids } } }),
  })

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
export async function writeAlertTopics (tx: Tx, wanted: TownFileAlertTopic[]): Promise<void> {
  const codes = new Set(wanted.map(t => t.code))
  const rows = await tx.alertTopic.findMany()
  const gone = rows.filter(t => !codes.has(t.code)).map(t => t.code)
  const subscribed = gone.length ? await tx.alertSubscription.groupBy({ by: ['topic'], where: { topic: { in: gone } }, _count: { _all: true } }) : []
  if (subscribed.length) {
    throw new ValidationFailed(`The town document is not valid: ${subscribed.length} problem(s), nothing changed`, subscribed.map(s => ({ path: 'alertTopics', message: `the topic "${s.topic}" has ${s._count._all} subscription(s): keep it in the file` })))
  }
  const topics = wanted.map((t, position) => ({ code: t.code, nameFr: t.name.fr, nameEn: t.name.en, descriptionFr: t.description?.fr ?? null, descriptionEn: t.description?.en ?? null, position }))
  await sync(byId(rows, 'code'), r => String(r.code), topics, {
    createMany: data => tx.alertTopic.createMany({ data: data as typeof topics }),
    update: (code, data) => tx.alertTopic.update({ where: { code }, data }),
    remove: codes => tx.alertTopic.deleteMany({ where: { code: { in: codes } } }),
  })
}

/** Replaces the whole town in one transaction, audited. A failure changes nothing. */
export async function importTown (db: Db, town: TownFile, options: ImportActor & { timeZone: string, section?: string }): Promise<ImportCounts> {
  return db.$transaction(async tx => {
    const counts = await writeTown(tx, town, options.timeZone)
    await recordAudit(tx, { actorId: options.actorId, action: 'town.import', targetType: 'town', detail: { via: options.via, ...(options.section ? { section: options.section } : {}), ...counts } })
    return counts
  }, { timeout: 60_000, maxWait: 10_000 })
}
