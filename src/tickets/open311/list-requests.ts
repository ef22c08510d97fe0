// The public list of requests: the public categories' tickets with their public history and
// first photo, as Open311 service requests (read in chunks: src/db/open311-requests.ts).
import type { Store } from '../../db/transaction.ts'
import { listOpen311Categories, publicHistoryOf, publicTicketsByReference, publicTicketsMatching, type PublicTicketFilter } from '../../db/open311-requests.ts'
import { PUBLISHED_IMAGE_TYPES, imageExtension } from './strip-metadata.ts'
import { publicRequest } from './request-view.ts'

const MAX_RESULTS = 1000

export type ListSettings = { publicUrl: string, timeZone: string }

export function mediaRoute (publicUrl: string, attachment: { id: string, contentType: string }): string {
  return `${publicUrl}/open311/v2/media/${attachment.id}.${imageExtension(attachment.contentType)}`
}

export async function publicCategories (store: Store) {
  const categories = await listOpen311Categories(store)
  return new Map(categories.map(c => [c.code, c]))
}

/** Public requests matching the filter, or with these ids (any number up to MAX_IDS, in chunks). */
export async function listRequests (store: Store, settings: ListSettings, query: { filter: PublicTicketFilter } | { ids: string[] }) {
  const byCode = await publicCategories(store)
  const categories = [...byCode.keys()]
  const rows = 'ids' in query
    ? await publicTicketsByReference(store, [...new Set(query.ids)], categories)
    : await publicTicketsMatching(store, query.filter, categories, MAX_RESULTS)
  const history = await publicHistoryOf(store, rows.map(r => r.id), PUBLISHED_IMAGE_TYPES)
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
