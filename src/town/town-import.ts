// Importing a town file: one transaction, rows matched by their natural keys (codes, dates, ids of
// the file) so that the same file imported twice leaves the same rows with the same ids.
import type { Db, Tx } from '../db/client.ts'
import { recordAudit } from '../auth/audit.ts'
import type { TownFile } from './town-file.ts'
import { parseLocal } from './local-time.ts'

/** Town settings kept as TownSetting rows (JSON values). */
export const SETTING_KEYS = ['townName', 'bookingUrl', 'holidays', 'schoolZone', 'menuCycle'] as const

export type ImportCounts = Record<'services' | 'categories' | 'places' | 'exceptions' | 'menus' | 'events' | 'wasteCollections' | 'faq' | 'schoolHolidays', number>
export type ImportActor = { actorId?: string, via: 'cli' | 'api' | 'seed' | 'admin' }

/** Creates, updates and deletes so that the table holds exactly `wanted` (matched by key). */
async function sync<W> (existing: { id: string, key: string }[], wanted: { key: string, data: W }[], ops: {
  create (data: W): Promise<unknown>
  update (id: string, data: W): Promise<unknown>
  remove (ids: string[]): Promise<unknown>
}): Promise<void> {
  const byKey = new Map(existing.map(e => [e.key, e.id]))
  const kept = new Set<string>()
  for (const w of wanted) {
    const id = byKey.get(w.key)
    if (id === undefined || kept.has(id)) await ops.create(w.data)
    else { kept.add(id); await ops.update(id, w.data) }
  }
  const gone = existing.filter(e => !kept.has(e.id)).map(e => e.id)
  if (gone.length) await ops.remove(gone)
}

const instant = (value: string, timeZone: string, endOfDay = false) => parseLocal(value, timeZone, endOfDay)!

export async function writeTown (tx: Tx, town: TownFile, timeZone: string): Promise<ImportCounts> {
  // Settings
  const settings: Record<string, unknown> = { ...town.settings, menuCycle: town.menuCycle ?? undefined }
  for (const key of SETTING_KEYS) {
    if (settings[key] === undefined) await tx.townSetting.deleteMany({ where: { key } })
    else await tx.townSetting.upsert({ where: { key }, create: { key, value: JSON.stringify(settings[key]) }, update: { value: JSON.stringify(settings[key]) } })
  }

  // Categories go first when removed (they point at services), services first when added.
  const wantedCategories = new Set(town.categories.map(c => c.code))
  await tx.ticketCategory.deleteMany({ where: { code: { notIn: [...wantedCategories] } } })
  for (const [position, s] of town.services.entries()) {
    const data = { nameFr: s.name.fr, nameEn: s.name.en, email: s.email, phone: s.phone, address: s.address, position }
    await tx.municipalService.upsert({ where: { code: s.code }, create: { code: s.code, ...data }, update: data })
  }
  for (const [position, c] of town.categories.entries()) {
    const data = {
      kind: c.kind, nameFr: c.name.fr, nameEn: c.name.en, descriptionFr: c.description?.fr ?? null, descriptionEn: c.description?.en ?? null,
      serviceCode: c.service, open311: c.visibility === 'public', keywords: c.keywords.join(','), implicitDecisionDays: c.implicitDecisionDays, position,
    }
    await tx.ticketCategory.upsert({ where: { code: c.code }, create: { code: c.code, ...data }, update: data })
  }
  await tx.municipalService.deleteMany({ where: { code: { notIn: town.services.map(s => s.code) } } })

  // Places and their dated exceptions
  let exceptions = 0
  await tx.place.deleteMany({ where: { code: { notIn: town.places.map(p => p.code) } } })
  for (const [position, p] of town.places.entries()) {
    const data = { kind: p.kind, nameFr: p.name.fr, nameEn: p.name.en, aliases: p.aliases.join(','), address: p.address, phone: p.phone, openingHours: p.openingHours, hours: '{}', notes: p.notes, position }
    const place = await tx.place.upsert({ where: { code: p.code }, create: { code: p.code, ...data }, update: data, select: { id: true } })
    const rows = await tx.placeException.findMany({ where: { placeId: place.id } })
    const wanted = p.exceptions.map(e => {
      const data = { placeId: place.id, from: instant(e.from, timeZone), to: instant(e.to, timeZone, true), open: e.open, noteFr: e.note?.fr ?? null, noteEn: e.note?.en ?? null }
      return { key: `${data.from.toISOString()}/${data.to.toISOString()}/${data.open}`, data }
    })
    exceptions += wanted.length
    await sync(rows.map(r => ({ id: r.id, key: `${r.from.toISOString()}/${r.to.toISOString()}/${r.open}` })), wanted, {
      create: data => tx.placeException.create({ data }),
      update: (id, data) => tx.placeException.update({ where: { id }, data }),
      remove: ids => tx.placeException.deleteMany({ where: { id: { in: ids } } }),
    })
  }

  // Menus (by date)
  await tx.canteenMenu.deleteMany({ where: { date: { notIn: town.menus.map(m => m.date) } } })
  for (const m of town.menus) {
    const data = { starter: m.starter, main: m.main, side: m.side, dessert: m.dessert, notes: m.notes }
    await tx.canteenMenu.upsert({ where: { date: m.date }, create: { date: m.date, ...data }, update: data })
  }

  // Events of the file and of the administrators (the iCalendar feed keeps its own)
  const eventRows = await tx.townEvent.findMany({ where: { source: { not: 'ics' } }, select: { id: true, title: true, startsAt: true } })
  await sync(eventRows.map(r => ({ id: r.id, key: `${r.title}/${r.startsAt.toISOString()}` })), town.events.map((e, position) => {
    const data = { title: e.title, description: e.description, place: e.place, startsAt: instant(e.start, timeZone), endsAt: e.end === null ? null : instant(e.end, timeZone, true), category: e.category, link: e.link, rrule: e.rrule, source: 'file', position }
    return { key: `${data.title}/${data.startsAt.toISOString()}`, data }
  }), {
    create: data => tx.townEvent.create({ data }),
    update: (id, data) => tx.townEvent.update({ where: { id }, data }),
    remove: ids => tx.townEvent.deleteMany({ where: { id: { in: ids } } }),
  })

  // Waste collection: one row per (zone, stream)
  const wasteRows = await tx.wasteCollection.findMany({ select: { id: true, zone: true, stream: true } })
  const collections = town.wasteZones.flatMap(z => z.collections.map(c => ({ z, c })))
  await sync(wasteRows.map(r => ({ id: r.id, key: `${r.zone}/${r.stream}` })), collections.map(({ z, c }, position) => ({
    key: `${z.code}/${c.stream}`,
    data: { zone: z.code, area: z.name, streets: z.streets.join(','), stream: c.stream, days: JSON.stringify(c.days), rule: c.rule, notes: c.notes, position },
  })), {
    create: data => tx.wasteCollection.create({ data }),
    update: (id, data) => tx.wasteCollection.update({ where: { id }, data }),
    remove: ids => tx.wasteCollection.deleteMany({ where: { id: { in: ids } } }),
  })

  // FAQ (by id)
  await tx.faqEntry.deleteMany({ where: { id: { notIn: town.faq.map(f => f.id) } } })
  for (const [position, f] of town.faq.entries()) {
    const data = { questions: JSON.stringify(f.questions), answerFr: f.answer.fr, answerEn: f.answer.en, link: f.link, tags: JSON.stringify(f.tags), active: f.active, redirectName: f.redirect?.name ?? null, redirectContact: f.redirect?.contact ?? null, position }
    await tx.faqEntry.upsert({ where: { id: f.id }, create: { id: f.id, ...data }, update: data })
  }

  // School holidays
  const holidayRows = await tx.schoolHoliday.findMany()
  await sync(holidayRows.map(r => ({ id: r.id, key: `${r.zone}/${r.name}/${r.from}` })), town.schoolHolidays.map(h => ({ key: `${h.zone}/${h.name}/${h.from}`, data: h })), {
    create: data => tx.schoolHoliday.create({ data }),
    update: (id, data) => tx.schoolHoliday.update({ where: { id }, data }),
    remove: ids => tx.schoolHoliday.deleteMany({ where: { id: { in: ids } } }),
  })

  return {
    services: town.services.length, categories: town.categories.length, places: town.places.length, exceptions,
    menus: town.menus.length, events: town.events.length, wasteCollections: collections.length, faq: town.faq.length, schoolHolidays: town.schoolHolidays.length,
  }
}

/** Replaces the whole town in one transaction, audited. A failure changes nothing. */
export async function importTown (db: Db, town: TownFile, options: ImportActor & { timeZone: string }): Promise<ImportCounts> {
  return db.$transaction(async tx => {
    const counts = await writeTown(tx, town, options.timeZone)
    await recordAudit(tx, { actorId: options.actorId, action: 'town.import', targetType: 'town', detail: { via: options.via, ...counts } })
    return counts
  }, { timeout: 60_000, maxWait: 10_000 })
}
