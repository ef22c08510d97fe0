// The town's data as the intent layer reads it (the TownData port of src/answerer.ts).
import type { Store } from '../db/transaction.ts'
import { townSettingRows } from '../db/town-settings.ts'
import { placesWithExceptionsEndingAfter } from '../db/town-places.ts'
import { serviceNameFr, servicesForAnswers } from '../db/town-services.ts'
import { activeFaqEntries } from '../db/town-faq-entries.ts'
import { schoolHolidaysByStart } from '../db/school-holidays.ts'
import { canteenMenuOn } from '../db/canteen-menus.ts'
import { agendaEventsBetween } from '../db/town-events.ts'
import { wasteCollectionsInOrder } from '../db/waste-collections.ts'
import { ticketsOfCitizenIn, ticketSummaryByReference } from '../db/citizen-ticket-reads.ts'
import type { FaqEntry, TownData, TownPlace, TownService, TownSettings } from '../answerer.ts'
import { alertsInForce, currentAlertsAt } from '../alerts/current-alerts.ts'
import type { TicketStatus } from '../domain.ts'
import type { Config } from '../config.ts'
import type { TownFileMenuCycle } from './town-file.ts'
import { placeOpeningHours } from './town-export.ts'
import { occurrences } from './recurrence.ts'
import { addDays } from './local-time.ts'
import { WEEKDAYS } from './osm-hours.ts'

const OPEN_STATUSES: TicketStatus[] = ['new', 'in_progress', 'waiting_citizen']
const list = (csv: string) => csv.split(',').map(s => s.trim()).filter(Boolean)
const parse = <T>(json: string, fallback: T): T => { try { return JSON.parse(json) as T } catch { return fallback } }

// Places, menus, the agenda, FAQ and collection days change a few times a day, and hundreds of
// messages a second ask about them: they are read at most once per CACHE_MS, so a change made
// through the API, the admin pages, an import or a feed reaches conversations within 2 s, and
// town data stays off the per-message database path. The citizen's own tickets are always read fresh.
const CACHE_MS = 2_000
// Recurring events of the town file are expanded this far ahead.
const EVENTS_HORIZON_MS = 400 * 86_400_000
// At most this many events (recurring ones count once) are read per day.
const MAX_EVENTS = 2000

type Snapshot = { settings: TownSettings, menuCycle: TownFileMenuCycle | null }

export type TownDataStore = TownData & {
  services (): Promise<TownService[]>
  /** Forget everything cached: the next read goes to the database (after a write in this process). */
  invalidate (): void
}

export function createTownData (store: Store, config: Config, cacheMs = CACHE_MS): TownDataStore {
  let generation = 0
  const cached = <T>(load: (key: string) => Promise<T>) => {
    const entries = new Map<string, { at: number, generation: number, value: Promise<T> }>()
    return (key = '') => {
      const now = Date.now()
      const hit = entries.get(key)
      if (hit && now - hit.at < cacheMs && hit.generation === generation) return hit.value
      if (entries.size > 1000) entries.clear()
      const value = load(key)
      entries.set(key, { at: now, generation, value })
      value.catch(() => entries.delete(key)) // a failed read is not remembered
      return value
    }
  }

  // Settings are read synchronously (welcome texts, dates): a snapshot refreshed in the background.
  const defaults: TownSettings = { townName: config.townName, privacyUrl: config.privacyUrl, timeZone: config.timeZone, bookingUrl: config.bookingUrl, holidays: config.holidays, schoolZone: '' }
  let snapshot: Snapshot = { settings: defaults, menuCycle: null }
  const loadSnapshot = cached(async () => {
    const rows = await townSettingRows(store)
    const value = new Map(rows.map(r => [r.key, parse<unknown>(r.value, undefined)]))
    const text = (key: string) => typeof value.get(key) === 'string' && value.get(key) !== '' ? value.get(key) as string : undefined
    snapshot = {
      settings: { ...defaults, townName: text('townName') ?? defaults.townName, bookingUrl: text('bookingUrl') ?? defaults.bookingUrl, holidays: text('holidays') ?? defaults.holidays, schoolZone: text('schoolZone') ?? '' },
      menuCycle: (value.get('menuCycle') as TownFileMenuCycle | undefined) ?? null,
    }
    return snapshot
  })
  const refreshSettings = () => { loadSnapshot().catch(() => {}) }
  refreshSettings()

  const places = cached(async (): Promise<TownPlace[]> => {
    const since = new Date(Date.now() - 86_400_000)
    const rows = await placesWithExceptionsEndingAfter(store, since)
    return rows.map(p => ({
      code: p.code, kind: p.kind, name: p.nameFr, nameEn: p.nameEn, aliases: list(p.aliases), address: p.address, phone: p.phone,
      openingHours: placeOpeningHours(p), notes: p.notes,
      exceptions: p.exceptions.map(e => ({ from: e.from, to: e.to, open: e.open, note: e.noteFr === null ? null : { fr: e.noteFr, en: e.noteEn ?? e.noteFr } })),
    }))
  })
  const services = cached(async (): Promise<TownService[]> => {
    const rows = await servicesForAnswers(store)
    return rows.map(s => ({ code: s.code, name: s.nameFr, nameEn: s.nameEn, openingHours: s.openingHours }))
  })
  const faq = cached(async (): Promise<FaqEntry[]> => {
    const rows = await activeFaqEntries(store)
    return rows.map(f => ({
      id: f.id, questions: parse(f.questions, { fr: [], en: [] }), answer: { fr: f.answerFr, en: f.answerEn }, link: f.link, tags: parse(f.tags, []),
      redirect: f.redirectName === null ? null : { name: f.redirectName, contact: f.redirectContact ?? '' },
    }))
  })
  const holidays = cached(async () => {
    const zone = (await loadSnapshot()).settings.schoolZone
    const rows = await schoolHolidaysByStart(store)
    // The town's zone only; national holidays ("all") are given the town's zone.
    return rows.filter(h => zone === '' || h.zone === zone || h.zone === 'all').map(h => ({ name: h.name, zone: zone === '' ? h.zone : zone, from: h.from, to: h.to }))
  })
  const menus = cached(date => canteenMenuOn(store, date))
  // Expanding a recurring event walks its rule from its first date with a time-zone conversion per
  // step (milliseconds for a daily event): done once per rule and day, not at each cache refresh.
  const expansions = new Map<string, Date[]>()
  const expand = (startsAt: Date, rrule: string, from: Date, until: Date): Date[] => {
    const key = `${startsAt.getTime()}|${rrule}|${from.getTime()}|${until.getTime()}`
    let found = expansions.get(key)
    if (found === undefined) {
      if (expansions.size > 500) expansions.clear()
      expansions.set(key, found = occurrences(startsAt, rrule, config.timeZone, from, until))
    }
    return found
  }
  // Events running or to come from the start of the day (UTC), recurring ones expanded; each
  // question takes its own slice from its own instant.
  const events = cached(async day => {
    const from = new Date(Number(day))
    const until = new Date(from.getTime() + EVENTS_HORIZON_MS)
    const rows = await agendaEventsBetween(store, from, until, MAX_EVENTS)
    const out = rows.flatMap(({ rrule, ...e }) => {
      if (rrule === null) return [e]
      const duration = e.endsAt === null ? null : e.endsAt.getTime() - e.startsAt.getTime()
      const lookBack = new Date(from.getTime() - (duration ?? 0))
      return expand(e.startsAt, rrule, lookBack, until).map(startsAt => ({ ...e, startsAt, endsAt: duration === null ? null : new Date(startsAt.getTime() + duration) }))
    })
    return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.title.localeCompare(b.title))
  })
  const waste = cached(async () => {
    const rows = await wasteCollectionsInOrder(store)
    return rows.map(w => ({ area: w.area, streets: list(w.streets), stream: w.stream, days: parse<string[]>(w.days, []), rule: w.rule, notes: w.notes }))
  })

  /** The menu of the cycle for a school day no dated menu covers. */
  async function cycleMenu (date: string) {
    const cycle = (await loadSnapshot()).menuCycle
    if (!cycle || cycle.weeks.length === 0 || date < cycle.from) return null
    const weekday = WEEKDAYS[(new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7]
    const index = cycle.days.indexOf(weekday)
    if (index < 0) return null
    if (cycle.skipSchoolHolidays && (await holidays()).some(h => h.from <= date && date <= h.to)) return null
    const mondayOf = (d: string) => addDays(d, -((new Date(`${d}T12:00:00Z`).getUTCDay() + 6) % 7))
    const weeks = Math.round((Date.parse(mondayOf(date)) - Date.parse(mondayOf(cycle.from))) / (7 * 86_400_000))
    const menu = cycle.weeks[weeks % cycle.weeks.length][index]
    return menu ? { date, starter: menu.starter, main: menu.main, side: menu.side, dessert: menu.dessert } : null
  }

  // Alerts in force (issue 20): broadcasts of kind alert between their sendAt and endsAt, read per minute.
  const alerts = cached(minute => currentAlertsAt(store, new Date(Number(minute)), new Date(Number(minute) + 60_000)))

  return {
    get settings () {
      refreshSettings()
      return snapshot.settings
    },
    invalidate () {
      generation++
      refreshSettings()
    },
    places: () => places(),
    services: () => services(),
    faqEntries: () => faq(),
    currentAlerts: async now => alertsInForce(await alerts(String(Math.floor(now.getTime() / 60_000) * 60_000)), now),
    schoolHolidays: () => holidays(),
    canteenMenu: async date => await menus(date) ?? cycleMenu(date),
    async upcomingEvents (from, limit) {
      const day = Math.floor(from.getTime() / 86_400_000) * 86_400_000
      const rows = await events(String(day))
      // The first `limit` rows still running or to come, in order: a question wants three or fifty of
      // up to 2,000 rows (recurring events expanded), and filtering them all was done at every message.
      // Times compared as numbers: comparing Dates converts both to primitives at every test.
      const out: typeof rows = []
      const fromMs = from.getTime()
      for (const e of rows) {
        if (out.length >= limit) break
        if (e.startsAt.getTime() >= fromMs || (e.endsAt !== null && e.endsAt.getTime() >= fromMs)) out.push(e)
      }
      return out
    },
    wasteCollections: () => waste(),
    async citizenTickets (citizenId) {
      const rows = await ticketsOfCitizenIn(store, citizenId, OPEN_STATUSES)
      return rows.map(t => ({ ...t, status: t.status as TicketStatus }))
    },
    async ticketByReference (reference) {
      const t = await ticketSummaryByReference(store, reference)
      if (!t) return null
      const serviceName = await serviceNameFr(store, t.serviceCode)
      return { reference: t.reference, title: t.title, status: t.status as TicketStatus, citizenId: t.citizenId, updatedAt: t.updatedAt, serviceName: serviceName ?? t.serviceCode }
    },
  }
}
