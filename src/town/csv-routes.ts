// CSV feeds a town already has: canteen menus (one line a day) and the streets of a collection
// zone as exported from the Base Adresse Nationale (column nom_voie, one line per address).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { parse } from 'csv-parse/sync'
import { requireRole } from '../auth/guard.ts'
import { recordAudit } from '../db/audit-log.ts'
import { inPrismaTransaction } from '../db/prisma-transaction.ts'
import { upsertCanteenMenus } from '../db/canteen-menus.ts'
import { setWasteZoneStreets } from '../db/waste-collections.ts'
import { badRequest, notFound, ValidationFailed } from '../errors.ts'
import type { TownRouteDeps } from './routes.ts'
import { LOCAL_DATE } from './local-time.ts'
import { CodeParams, errors, HandCheckedBody, TAGS } from '../http/schemas.ts'

const CSV_TYPES = ['text/csv', 'application/csv']

const MAX_ROWS = 50_000

/** Rows as objects keyed by lower-cased header; the delimiter (, or ;) is read from the header line. */
export function readCsv (text: unknown): Record<string, string>[] {
  if (typeof text !== 'string' || text.trim() === '') throw badRequest('Send the CSV as the body with Content-Type: text/csv')
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]
  const delimiter = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ','
  try {
    const rows = parse(text, { bom: true, columns: (h: string[]) => h.map(c => c.trim().toLowerCase()), delimiter, skip_empty_lines: true, trim: true, relax_column_count: true, to: MAX_ROWS + 1 }) as Record<string, string>[]
    if (rows.length > MAX_ROWS) throw badRequest(`At most ${MAX_ROWS} lines`)
    return rows
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_')) throw badRequest(`The CSV cannot be read: ${error.message}`)
    throw error
  }
}

const pick = (row: Record<string, string>, names: string[]) => {
  for (const n of names) if (row[n] !== undefined && row[n] !== '') return row[n]
  return null
}

export const csvRoutes: FastifyPluginAsyncTypebox<TownRouteDeps> = async (app, { store, townData }) => {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_request, body, done) => done(null, body))
  const admin = { preValidation: requireRole('admin') }

  // date,starter,main,side,dessert[,notes] (or French headers: entree, plat, accompagnement); dates YYYY-MM-DD or DD/MM/YYYY.
  app.post('/api/town/menus.csv', {
    ...admin,
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      summary: 'Canteen menus from a CSV, one line a day',
      tags: [TAGS.town],
      consumes: CSV_TYPES,
      body: HandCheckedBody('CSV: date,starter,main,side,dessert[,notes] (or French headers); dates YYYY-MM-DD or DD/MM/YYYY; every bad line named in details', {}),
      response: { 200: Type.Object({ imported: Type.Integer() }), ...errors },
    },
  }, async (request) => {
    const rows = readCsv(request.body)
    const details: { path: string, message: string }[] = []
    const menus = rows.flatMap((row, i) => {
      const line = i + 2
      const raw = pick(row, ['date', 'jour']) ?? ''
      const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw)
      const date = fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : raw
      const main = pick(row, ['main', 'plat', 'plat principal'])
      if (!LOCAL_DATE.test(date)) details.push({ path: `line ${line}.date`, message: `must be YYYY-MM-DD or DD/MM/YYYY (got "${raw.slice(0, 20)}")` })
      if (!main) details.push({ path: `line ${line}.main`, message: 'is required' })
      if (!LOCAL_DATE.test(date) || !main) return []
      return [{ date, starter: pick(row, ['starter', 'entree', 'entrée']), main, side: pick(row, ['side', 'accompagnement']), dessert: pick(row, ['dessert']), notes: pick(row, ['notes', 'remarques']) }]
    })
    if (details.length) throw new ValidationFailed('The menus CSV is not valid, nothing changed', details.slice(0, 100))
    await inPrismaTransaction(store, tx => upsertCanteenMenus(tx, menus))
    await recordAudit(store, { actorId: request.agent?.id, action: 'town.menus.csv', targetType: 'menus', detail: { count: menus.length } })
    townData.invalidate()
    return { imported: menus.length }
  })

  // A BAN export (adresse.data.gouv.fr, « ; » separated) or any CSV with a nom_voie column.
  app.post('/api/town/waste-zones/:code/streets.csv', {
    ...admin,
    bodyLimit: 50 * 1024 * 1024,
    schema: {
      summary: 'The streets of a waste collection zone from a Base Adresse Nationale CSV',
      tags: [TAGS.town],
      params: CodeParams,
      consumes: CSV_TYPES,
      body: HandCheckedBody('CSV with a nom_voie column (« ; » or « , » separated)', {}),
      response: { 200: Type.Object({ zone: Type.String(), streets: Type.Integer() }), ...errors },
    },
  }, async (request) => {
    const rows = readCsv(request.body)
    if (rows.length && !('nom_voie' in rows[0])) throw new ValidationFailed('The streets CSV is not valid, nothing changed', [{ path: 'nom_voie', message: 'the CSV needs a nom_voie column (Base Adresse Nationale export)' }])
    const streets = [...new Set(rows.map(r => r.nom_voie).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'fr'))
    if (streets.some(s => s.includes(','))) throw new ValidationFailed('The streets CSV is not valid, nothing changed', [{ path: 'nom_voie', message: 'a street name contains a comma' }])
    if (!await setWasteZoneStreets(store, request.params.code, streets)) throw notFound('No waste collection zone has this code')
    await recordAudit(store, { actorId: request.agent?.id, action: 'town.streets.csv', targetType: 'waste_zone', targetId: request.params.code, detail: { streets: streets.length } })
    townData.invalidate()
    return { zone: request.params.code, streets: streets.length }
  })
}
