// The public list of requests, read in chunks: FixMyStreet asks for every open report it sent in
// one GET (thousands of ids) and SQLite refuses a query with more than 999 parameters (issue 17).
import type { Db } from '../../db/client.ts'
import { PUBLISHED_IMAGE_TYPES, imageExtension } from './strip-metadata.ts'
import { PUBLIC_EVENT_WHERE, type HistoryEvent } from './public-history.ts'
import { publicRequest } from './request-view.ts'

const MAX_RESULTS = 1000
const CHUNK = 400

export type ListSettings = { publicUrl: string, timeZone: string }

export function mediaRoute (publicUrl: string, attachment: { id: string, contentType: string }): string {
  return `${publicUrl}/open311/v2/media/${attachment.id}.${imageExtension(attachment.contentType)}`
}

export async function publicCategories (db: Db) {
  const categories = await db.ticketCategory.findMany({ where: { open311: true }, include: { service: true } })
  return new Map(categories.map(c => [c.code, c]))
}

async function readRows (db: Db, byCode: Awaited<ReturnType<typeof publicCategories>>, where: object, take: number) {
  return db.ticket.findMany({
    where: { AND: [where, { category: { in: [...byCode.keys()] } }] },
    orderBy: { createdAt: 'desc' },
    take,
    select: {
      id: true, reference: true, kind: true, status: true, description: true, address: true, latitude: true, longitude: true,
      implicitDecisionAt: true, createdAt: true, category: true,
    },
  })
}

// Events and photos are read by ticket id in chunks too: a relation include would send every id
// of the page in one IN (…), past SQLite's 999 parameters for a page of 1,000 requests.
async function readHistory (db: Db, ticketIds: string[]) {
  const events = new Map<string, HistoryEvent[]>()
  const media = new Map<string, { id: string, sourceUrl: string | null, contentType: string }>()
  for (let i = 0; i < ticketIds.length; i += CHUNK) {
    const chunk = ticketIds.slice(i, i + CHUNK)
    const [eventRows, attachmentRows] = await Promise.all([
      db.ticketEvent.findMany({
        where: { AND: [{ ticketId: { in: chunk } }, PUBLIC_EVENT_WHERE] },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { ticketId: true, id: true, type: true, toStatus: true, note: true, isPublic: true, createdAt: true },
      }),
      db.attachment.findMany({
        where: { ticketId: { in: chunk }, OR: [{ sourceUrl: { not: null } }, { contentType: { in: PUBLISHED_IMAGE_TYPES }, size: { gt: 0 } }] },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { ticketId: true, id: true, sourceUrl: true, contentType: true },
      }),
    ])
    for (const { ticketId, ...e } of eventRows) {
      const list = events.get(ticketId) ?? []
      list.push(e)
      events.set(ticketId, list)
    }
    for (const { ticketId, ...a } of attachmentRows) if (ticketId && !media.has(ticketId)) media.set(ticketId, a)
  }
  return { events, media }
}

/** Public requests matching `where`, or with these ids (any number up to MAX_IDS, in chunks). */
export async function listRequests (db: Db, settings: ListSettings, query: { where: object } | { ids: string[] }) {
  const byCode = await publicCategories(db)
  let rows: Awaited<ReturnType<typeof readRows>>
  if ('ids' in query) {
    rows = []
    const ids = [...new Set(query.ids)]
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK)
      rows.push(...await readRows(db, byCode, { reference: { in: chunk } }, chunk.length))
    }
    rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
  } else {
    rows = await readRows(db, byCode, query.where, MAX_RESULTS)
  }
  const history = await readHistory(db, rows.map(r => r.id))
  return rows.map((t) => {
    const category = byCode.get(t.category)!
    const media = history.media.get(t.id)
    return publicRequest({
      ...t,
      events: history.events.get(t.id) ?? [],
      categoryName: category.nameFr,
      serviceName: category.service.nameFr,
      mediaUrl: media ? media.sourceUrl ?? mediaRoute(settings.publicUrl, media) : undefined,
    }, settings.timeZone)
  })
}
