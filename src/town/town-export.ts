// The database's town as a town file (GET /api/town, npm run town:export): what import reads back.
import { stringify } from 'yaml'
import type { Store } from '../db/transaction.ts'
import { townFileRows } from '../db/town-file-rows.ts'
import type { TownFile, TownFileMenuCycle, TownFileSettings } from './town-file.ts'
import { formatLocal } from './local-time.ts'
import { weekToOsm } from './osm-hours.ts'

const list = (csv: string | null) => (csv ?? '').split(',').map(s => s.trim()).filter(Boolean)
const bilingual = (fr: string | null, en: string | null) => fr === null ? null : { fr, en: en ?? fr }

/** A place's hours: the openingHours column, or the legacy JSON week of databases from before it. */
export function placeOpeningHours (p: { openingHours: string, hours: string }): string {
  if (p.openingHours.trim() !== '') return p.openingHours
  try {
    const week = JSON.parse(p.hours)
    const osm = week && typeof week === 'object' ? weekToOsm(week) : ''
    // Closed on public holidays, unless open every day (a cemetery stays open at the Toussaint).
    return osm === '' || Object.keys(week).filter(d => week[d]?.length).length === 7 ? osm : `${osm}; PH off`
  } catch {
    return ''
  }
}

export async function exportTown (store: Store, timeZone: string): Promise<TownFile> {
  const { settings: settingRows, services, categories, places, menus, events, waste, faq, holidays, topics } = await townFileRows(store)
  const setting = new Map(settingRows.map(r => [r.key, JSON.parse(r.value)]))
  const settings: TownFileSettings = {}
  for (const key of ['townName', 'bookingUrl', 'holidays', 'schoolZone', 'bbox', 'satisfactionSurvey'] as const) if (setting.has(key)) settings[key] = setting.get(key)
  const zones = new Map<string, TownFile['wasteZones'][number]>()
  for (const w of waste) {
    const code = w.zone || w.area.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'zone'
    let zone = zones.get(code)
    if (!zone) zones.set(code, zone = { code, name: w.area, streets: list(w.streets), collections: [] })
    let days: string[] = []
    try { days = JSON.parse(w.days) } catch { /* legacy text */ }
    zone.collections.push({ stream: w.stream, days: Array.isArray(days) ? days : [], rule: w.rule, notes: w.notes })
  }
  return {
    version: 1,
    settings,
    services: services.map(s => ({ code: s.code, name: { fr: s.nameFr, en: s.nameEn }, email: s.email, phone: s.phone, address: s.address, ...(s.openingHours ? { openingHours: s.openingHours } : {}) })),
    categories: categories.map(c => ({
      code: c.code, kind: c.kind, name: { fr: c.nameFr, en: c.nameEn }, description: bilingual(c.descriptionFr, c.descriptionEn), service: c.serviceCode,
      keywords: list(c.keywords), visibility: c.open311 ? 'public' : 'private', implicitDecisionDays: c.implicitDecisionDays,
    })),
    places: places.map(p => ({
      code: p.code, kind: p.kind, name: { fr: p.nameFr, en: p.nameEn }, aliases: list(p.aliases), address: p.address, phone: p.phone,
      openingHours: placeOpeningHours(p), notes: p.notes,
      exceptions: p.exceptions.map(e => ({ from: formatLocal(e.from, timeZone), to: formatLocal(e.to, timeZone, true), open: e.open, note: bilingual(e.noteFr, e.noteEn) })),
    })),
    menus: menus.map(m => ({ date: m.date, starter: m.starter, main: m.main, side: m.side, dessert: m.dessert, notes: m.notes })),
    menuCycle: (setting.get('menuCycle') as TownFileMenuCycle | undefined) ?? null,
    events: events.map(e => ({
      title: e.title, description: e.description, place: e.place, start: formatLocal(e.startsAt, timeZone),
      end: e.endsAt === null ? null : formatLocal(e.endsAt, timeZone, true), category: e.category, link: e.link, rrule: e.rrule,
    })),
    wasteZones: [...zones.values()],
    faq: faq.map(f => ({
      id: f.id, questions: JSON.parse(f.questions), answer: { fr: f.answerFr, en: f.answerEn }, link: f.link, tags: JSON.parse(f.tags), active: f.active,
      redirect: f.redirectName === null ? null : { name: f.redirectName, contact: f.redirectContact ?? '' },
    })),
    schoolHolidays: holidays.map(h => ({ name: h.name, zone: h.zone, from: h.from, to: h.to })),
    alertTopics: topics.map(t => ({ code: t.code, name: { fr: t.nameFr, en: t.nameEn }, description: bilingual(t.descriptionFr, t.descriptionEn) })),
  }
}

export const townToYaml = (town: TownFile) => `# Town file (docs/town-file.md), exported ${new Date().toISOString()}\n${stringify(town, { lineWidth: 0 })}`
