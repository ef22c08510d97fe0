// The town's data as the intent layer reads it (the TownData port of src/core/assistant.ts).
import type { Db } from '../db/client.ts'
import type { TownData } from '../core/assistant.ts'
import type { TicketStatus } from '../domain.ts'
import type { Config } from '../config.ts'

const OPEN_STATUSES: TicketStatus[] = ['new', 'in_progress', 'waiting_citizen']
const list = (csv: string) => csv.split(',').map(s => s.trim()).filter(Boolean)

// Until places store OSM hours: the JSON week { mon: [["08:30","12:00"]] } as "Mo 08:30-12:00; …; PH off".
const OSM_DAYS: Record<string, string> = { mon: 'Mo', tue: 'Tu', wed: 'We', thu: 'Th', fri: 'Fr', sat: 'Sa', sun: 'Su' }
const weekToOsm = (week: Record<string, [string, string][]>): string => {
  const rules = Object.entries(week).filter(([day, slots]) => OSM_DAYS[day] !== undefined && slots.length > 0)
    .map(([day, slots]) => `${OSM_DAYS[day]} ${slots.map(([from, to]) => `${from}-${to}`).join(',')}`)
  // Closed on public holidays, but for a place open every day (the cemetery stays open at the Toussaint).
  return rules.length === 0 ? '' : rules.length === 7 ? rules.join('; ') : `${rules.join('; ')}; PH off`
}
// 2026-2027, from the Ministry of Education's calendar (zone A/B/C, or all).
const SCHOOL_HOLIDAYS = [
  { name: 'Vacances de Noël', zone: 'all', from: '2025-12-20', to: '2026-01-04' },
  { name: 'Vacances d\'hiver', zone: 'B', from: '2026-02-14', to: '2026-03-01' },
  { name: 'Vacances de printemps', zone: 'B', from: '2026-04-11', to: '2026-04-26' },
  { name: 'Vacances d\'été', zone: 'all', from: '2026-07-04', to: '2026-08-31' },
  { name: 'Vacances de la Toussaint', zone: 'all', from: '2026-10-17', to: '2026-11-01' },
  { name: 'Vacances de Noël', zone: 'all', from: '2026-12-19', to: '2027-01-03' },
]

// Places, menus, the agenda and collection days change a few times a day, and hundreds of
// messages a second ask about them: they are read at most once per CACHE_MS. The citizen's own
// tickets are always read fresh.
const CACHE_MS = 2_000

export function createTownData (db: Db, config: Config, cacheMs = CACHE_MS): TownData {
  const cached = <T>(load: (key: string) => Promise<T>) => {
    const entries = new Map<string, { at: number, value: Promise<T> }>()
    return (key = '') => {
      const now = Date.now()
      const hit = entries.get(key)
      if (hit && now - hit.at < cacheMs) return hit.value
      if (entries.size > 1000) entries.clear()
      const value = load(key)
      entries.set(key, { at: now, value })
      value.catch(() => entries.delete(key)) // a failed read is not remembered
      return value
    }
  }
  const places = cached(async () => {
    const rows = await db.place.findMany({ orderBy: { code: 'asc' } })
    return rows.map(p => ({ code: p.code, kind: p.kind, name: p.nameFr, nameEn: p.nameEn, aliases: list(p.aliases), address: p.address, phone: p.phone, openingHours: weekToOsm(JSON.parse(p.hours)), exceptions: [], notes: p.notes }))
  })
  const menus = cached(date => db.canteenMenu.findUnique({ where: { date }, select: { date: true, starter: true, main: true, side: true, dessert: true } }))
  // Events still running or to come from the start of the minute; each question then takes its own slice.
  const events = cached(minute => db.townEvent.findMany({
    where: { OR: [{ startsAt: { gte: new Date(Number(minute)) } }, { endsAt: { gte: new Date(Number(minute)) } }] },
    orderBy: { startsAt: 'asc' },
    take: 500,
    select: { title: true, description: true, place: true, startsAt: true, endsAt: true, category: true },
  }))
  const waste = cached(async () => {
    const rows = await db.wasteCollection.findMany({ orderBy: [{ area: 'asc' }, { stream: 'asc' }] })
    return rows.map(w => ({ area: w.area, streets: list(w.streets), stream: w.stream, days: JSON.parse(w.days), rule: null, notes: w.notes }))
  })
  return {
    // schoolZone and the school holidays are town file settings (issue 15): placeholders until the town file lands.
    settings: { townName: config.townName, privacyUrl: config.privacyUrl, timeZone: config.timeZone, bookingUrl: config.bookingUrl, holidays: config.holidays, schoolZone: 'B' },
    places: () => places(),
    faqEntries: async () => [],
    currentAlerts: async () => [],
    schoolHolidays: async () => SCHOOL_HOLIDAYS,
    canteenMenu: date => menus(date),
    async upcomingEvents (from, limit) {
      const minute = Math.floor(from.getTime() / 60_000) * 60_000
      const rows = await events(String(minute))
      return rows.filter(e => e.startsAt >= from || (e.endsAt !== null && e.endsAt >= from)).slice(0, limit).map(e => ({ ...e, link: null }))
    },
    wasteCollections: () => waste(),
    async citizenTickets (citizenId) {
      const rows = await db.ticket.findMany({
        where: { citizenId, status: { in: OPEN_STATUSES } },
        orderBy: { createdAt: 'desc' },
        select: { reference: true, title: true, status: true, updatedAt: true },
      })
      return rows.map(t => ({ ...t, status: t.status as TicketStatus }))
    },
    async ticketByReference (reference) {
      const t = await db.ticket.findUnique({ where: { reference }, include: { events: false } })
      if (!t) return null
      const service = await db.municipalService.findUnique({ where: { code: t.serviceCode } })
      return { reference: t.reference, title: t.title, status: t.status as TicketStatus, citizenId: t.citizenId, updatedAt: t.updatedAt, serviceName: service?.nameFr ?? t.serviceCode }
    },
  }
}
