// The town's data as the intent layer reads it (the TownData port of src/core/assistant.ts).
import type { Db } from '../db/client.ts'
import type { TownData } from '../core/assistant.ts'
import type { TicketStatus } from '../domain.ts'
import type { Config } from '../config.ts'

const OPEN_STATUSES: TicketStatus[] = ['new', 'in_progress', 'waiting_citizen']
const list = (csv: string) => csv.split(',').map(s => s.trim()).filter(Boolean)

export function createTownData (db: Db, config: Config): TownData {
  return {
    settings: { townName: config.townName, privacyUrl: config.privacyUrl, timeZone: config.timeZone, bookingUrl: config.bookingUrl },
    async places () {
      const rows = await db.place.findMany({ orderBy: { code: 'asc' } })
      return rows.map(p => ({ code: p.code, kind: p.kind, name: p.nameFr, aliases: list(p.aliases), address: p.address, phone: p.phone, hours: JSON.parse(p.hours), notes: p.notes }))
    },
    async canteenMenu (date) {
      return db.canteenMenu.findUnique({ where: { date }, select: { date: true, starter: true, main: true, side: true, dessert: true } })
    },
    async upcomingEvents (from, limit) {
      return db.townEvent.findMany({
        where: { OR: [{ startsAt: { gte: from } }, { endsAt: { gte: from } }] },
        orderBy: { startsAt: 'asc' },
        take: limit,
        select: { title: true, description: true, place: true, startsAt: true, endsAt: true },
      })
    },
    async wasteCollections () {
      const rows = await db.wasteCollection.findMany({ orderBy: [{ area: 'asc' }, { stream: 'asc' }] })
      return rows.map(w => ({ area: w.area, streets: list(w.streets), stream: w.stream, days: JSON.parse(w.days), notes: w.notes }))
    },
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
