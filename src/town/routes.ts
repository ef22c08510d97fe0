// /api/town/…: the town's data for administrators (managers read). Every write is audited and
// reaches conversations at once in this process (invalidate) and within 2 s in the others (cache).
import { randomBytes } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireRole } from '../auth/guard.ts'
import { recordAudit } from '../db/audit-log.ts'
import { createFaqEntry, deleteFaqEntry, faqEntriesInOrder, faqEntryExists, nextFaqPosition, updateFaqEntry } from '../db/town-faq-entries.ts'
import { createPlaceException, deletePlaceException, placeExceptionsByStart, placeIdOfCode, updatePlaceByCode, type PlaceFields } from '../db/town-places.ts'
import { setCategoryPublic, updateServiceDetails } from '../db/town-services.ts'
import { feedStates } from '../db/town-events.ts'
import { badRequest, notFound, conflict, ValidationFailed } from '../errors.ts'
import type { RouteDeps } from '../http/route-deps.ts'
import type { TownDataStore } from './town-data.ts'
import { readTownText, TownFileInvalid, validateFaqEntry, validateTownFile, type TownFile, type TownFileFaq } from './town-file.ts'
import { importTown } from './town-import.ts'
import { exportTown, townToYaml } from './town-export.ts'
import { formatLocal, LOCAL_DATE_TIME, parseLocal } from './local-time.ts'
import { checkOpeningHours } from './osm-hours.ts'
import { csvRoutes } from './csv-routes.ts'
import { EVENTS_FEED, pollEventsFeed } from './ics-feed.ts'
import { AnyObject, CodeParams, DateTime, errors, HandCheckedBody, IdParams, NoContent, Nullable, ObjectCheckedByHandler, TAGS } from '../http/schemas.ts'

export type TownRouteDeps = RouteDeps & { townData: TownDataStore }

const invalid = (error: TownFileInvalid, what: string) =>
  new ValidationFailed(`${what} is not valid: ${error.issues.length} problem(s), nothing changed`, error.issues.map(i => ({ path: i.path, message: i.line === undefined ? i.message : `line ${i.line}: ${i.message}`, ...(i.line === undefined ? {} : { line: i.line }) })))

const SECTIONS = ['settings', 'services', 'categories', 'places', 'menus', 'menuCycle', 'events', 'wasteZones', 'faq', 'schoolHolidays', 'alertTopics'] as const
const sectionOf = (name: string): typeof SECTIONS[number] => {
  const section = SECTIONS.find(s => s === name)
  if (!section) throw notFound(`No town section "${name}" (${SECTIONS.join(', ')})`)
  return section
}

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']

// The town's data is checked by its own validator (town-file.ts), which names every problem in
// details with its path or line: the schemas below describe the bodies and leave that to it.
const tags = [TAGS.town]
const TOWN_DOC = 'The town document (docs/TOWNDATA.md), as JSON or YAML'
const Imported = Type.Object({ imported: AnyObject('How many records of each kind were imported') })
const FaqEntry = ObjectCheckedByHandler('An FAQ entry (docs/TOWNDATA.md)', {
  id: 'string: default generated', questions: '{fr: string[], en: string[]}', answer: '{fr, en}, required', link: 'URL', tags: 'string[]', active: 'boolean', redirect: '{name, contact}: a redirection instead of an answer',
})
const Created = Type.Object({ id: Type.String() })
const Deleted = { 204: NoContent, ...errors }
const SectionParams = Type.Object({ section: Type.String({ description: SECTIONS.join(' | ') }) })

/** The body as a town document: JSON already parsed, or YAML text (lines named in errors). */
function townOf (body: unknown): TownFile {
  try {
    if (typeof body === 'string') return readTownText(body)
    return validateTownFile(body)
  } catch (error) {
    if (error instanceof TownFileInvalid) throw invalid(error, 'The town document')
    throw error
  }
}

const faqRow = (f: TownFileFaq, position?: number) => ({
  questions: JSON.stringify(f.questions), answerFr: f.answer.fr, answerEn: f.answer.en, link: f.link, tags: JSON.stringify(f.tags), active: f.active,
  redirectName: f.redirect?.name ?? null, redirectContact: f.redirect?.contact ?? null, ...(position === undefined ? {} : { position }),
})

export const townRoutes: FastifyPluginAsyncTypebox<TownRouteDeps> = async (app, deps) => {
  const { store, config, townData } = deps
  const manager = { preValidation: requireRole('manager') }
  const admin = { preValidation: requireRole('admin') }
  const audit = (request: FastifyRequest, action: string, targetType: string, targetId?: string, detail?: Record<string, unknown>) =>
    recordAudit(store, { actorId: request.agent?.id, action, targetType, targetId, detail })
  const changed = () => townData.invalidate()

  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body))

  // The whole town
  app.get('/api/town', {
    ...manager,
    schema: { summary: 'The whole town document', tags, querystring: Type.Object({ format: Type.Optional(Type.String({ description: 'yaml: as a YAML file; otherwise JSON' })) }), produces: ['application/json', 'application/yaml'], response: { 200: AnyObject(TOWN_DOC), ...errors } },
  }, async (request, reply) => {
    const town = await exportTown(store, config.timeZone)
    if (request.query.format === 'yaml') {
      return reply.type('application/yaml; charset=utf-8').header('content-disposition', 'attachment; filename="town.yaml"').send(townToYaml(town))
    }
    return town
  })
  app.put('/api/town', {
    ...admin,
    bodyLimit: 20 * 1024 * 1024,
    schema: { summary: 'Replace the town\'s data with a document: all or nothing', tags, consumes: ['application/json', ...YAML_TYPES], body: HandCheckedBody(TOWN_DOC, {}), response: { 200: Imported, ...errors } },
  }, async (request) => {
    const town = townOf(request.body)
    const counts = await importTown(store, town, { actorId: request.agent?.id, via: 'api', timeZone: config.timeZone })
    changed()
    return { imported: counts }
  })

  // FAQ entries and redirections
  app.get('/api/town/faq', { ...manager, schema: { summary: 'FAQ entries and redirections, in order', tags, response: { 200: Type.Object({ faq: Type.Array(AnyObject('An FAQ entry with its id and updatedAt')) }), ...errors } } }, async () => {
    const rows = await faqEntriesInOrder(store)
    return { faq: rows.map(f => ({ id: f.id, questions: JSON.parse(f.questions), answer: { fr: f.answerFr, en: f.answerEn }, link: f.link, tags: JSON.parse(f.tags), active: f.active, redirect: f.redirectName === null ? null : { name: f.redirectName, contact: f.redirectContact ?? '' }, updatedAt: f.updatedAt })) }
  })
  const faqBody = (body: unknown) => {
    try { return validateFaqEntry(body) } catch (error) { throw error instanceof TownFileInvalid ? invalid(error, 'The FAQ entry') : error }
  }
  app.post('/api/town/faq', { ...admin, schema: { summary: 'A new FAQ entry, answered in conversations at once', tags, body: FaqEntry, response: { 201: Created, ...errors } } }, async (request, reply) => {
    const entry = faqBody(request.body)
    const id = entry.id || `faq-${randomBytes(6).toString('hex')}`
    if (await faqEntryExists(store, id)) throw conflict(`An FAQ entry with the id "${id}" exists`)
    await createFaqEntry(store, id, faqRow(entry, await nextFaqPosition(store)))
    await audit(request, 'town.faq.create', 'faq', id)
    changed()
    return reply.code(201).send({ id })
  })
  app.put('/api/town/faq/:id', { ...admin, schema: { summary: 'Replace an FAQ entry', tags, params: IdParams, body: FaqEntry, response: { 200: Created, ...errors } } }, async (request) => {
    const entry = faqBody(request.body)
    const { id } = request.params
    if (!await faqEntryExists(store, id)) throw notFound('No such FAQ entry')
    await updateFaqEntry(store, id, faqRow(entry))
    await audit(request, 'town.faq.update', 'faq', id)
    changed()
    return { id }
  })
  app.delete('/api/town/faq/:id', { ...admin, schema: { summary: 'Delete an FAQ entry', tags, params: IdParams, response: Deleted } }, async (request, reply) => {
    if (!await deleteFaqEntry(store, request.params.id)) throw notFound('No such FAQ entry')
    await audit(request, 'town.faq.delete', 'faq', request.params.id)
    changed()
    return reply.code(204).send()
  })

  // Places, their hours and dated closures
  app.get('/api/town/places', { ...manager, schema: { summary: 'Places with their hours and closures', tags, response: { 200: Type.Object({ places: Type.Array(AnyObject('A place (docs/TOWNDATA.md)')) }), ...errors } } }, async () => ({ places: (await exportTown(store, config.timeZone)).places }))
  app.patch('/api/town/places/:code', {
    ...admin,
    schema: {
      summary: 'Change a place\'s hours, notes, phone or address',
      tags,
      params: CodeParams,
      body: ObjectCheckedByHandler('Only these fields; each a text or null', { openingHours: 'OpenStreetMap opening_hours, e.g. Mo-Fr 08:30-12:00', notes: 'text or null', phone: 'text or null', address: 'text, required' }),
      response: { 200: Type.Object({ code: Type.String() }), ...errors },
    },
  }, async (request) => {
    const body = request.body as Record<string, unknown> | null
    if (!body || typeof body !== 'object') throw badRequest('The body must be a JSON object')
    const data: Record<string, string | null> = {}
    const details: { path: string, message: string }[] = []
    for (const key of Object.keys(body)) {
      if (!['openingHours', 'notes', 'phone', 'address'].includes(key)) details.push({ path: key, message: 'cannot be changed here (openingHours, notes, phone, address)' })
      else if (body[key] !== null && typeof body[key] !== 'string') details.push({ path: key, message: 'must be a text or null' })
      else data[key] = body[key] === null ? null : (body[key] as string).trim()
    }
    if (typeof data.openingHours === 'string') {
      const problem = checkOpeningHours(data.openingHours)
      if (problem) details.push({ path: 'openingHours', message: `is not valid opening_hours syntax: ${problem}` })
    }
    if (data.openingHours === null) details.push({ path: 'openingHours', message: 'must be a text (empty when unknown)' })
    if (data.address === null || data.address === '') details.push({ path: 'address', message: 'is required' })
    if (details.length) throw new ValidationFailed('The place is not valid, nothing changed', details)
    if (!await updatePlaceByCode(store, request.params.code, data as PlaceFields)) throw notFound('No such place')
    await audit(request, 'town.place.update', 'place', request.params.code, { fields: Object.keys(data) })
    changed()
    return { code: request.params.code }
  })
  app.get('/api/town/closures', {
    ...manager,
    schema: {
      summary: 'Dated closures and exceptional openings',
      tags,
      querystring: Type.Object({ place: Type.Optional(Type.String({ description: 'A place code' })) }),
      response: { 200: Type.Object({ closures: Type.Array(Type.Object({ id: Type.String(), place: Type.String(), from: Type.String(), to: Type.String(), open: Type.Boolean(), note: Nullable(Type.Object({ fr: Type.String(), en: Type.String() })) })) }), ...errors },
    },
  }, async (request) => {
    const rows = await placeExceptionsByStart(store, request.query.place || undefined)
    return { closures: rows.map(e => ({ id: e.id, place: e.placeCode, from: formatLocal(e.from, config.timeZone), to: formatLocal(e.to, config.timeZone, true), open: e.open, note: e.noteFr === null ? null : { fr: e.noteFr, en: e.noteEn ?? e.noteFr } })) }
  })
  app.post('/api/town/closures', {
    ...admin,
    schema: {
      summary: 'A dated closure (or exceptional opening) of a place',
      tags,
      body: ObjectCheckedByHandler('Every problem is named in details', { place: 'a place code, required', from: 'YYYY-MM-DD or YYYY-MM-DDTHH:MM, required', to: 'same; default: from (inclusive day)', open: 'true: an exceptional opening', note: '{fr, en}, at most 500 characters' }),
      response: { 201: Created, ...errors },
    },
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown> | null
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a JSON object')
    const details: { path: string, message: string }[] = []
    const text = (key: string) => typeof body[key] === 'string' ? (body[key] as string).trim() : undefined
    const placeCode = text('place')
    const placeId = placeCode ? await placeIdOfCode(store, placeCode) : null
    if (!placeId) details.push({ path: 'place', message: placeCode ? `no place has the code "${placeCode}"` : 'is required (a place code)' })
    const fromText = text('from')
    const toText = text('to') ?? fromText
    const from = fromText && LOCAL_DATE_TIME.test(fromText) ? parseLocal(fromText, config.timeZone) : undefined
    const to = toText && LOCAL_DATE_TIME.test(toText) ? parseLocal(toText, config.timeZone, true) : undefined
    if (!from) details.push({ path: 'from', message: 'must be YYYY-MM-DD or YYYY-MM-DDTHH:MM' })
    if (!to) details.push({ path: 'to', message: 'must be YYYY-MM-DD or YYYY-MM-DDTHH:MM' })
    if (from && to && to <= from) details.push({ path: 'to', message: 'must be after from' })
    if (body.open !== undefined && typeof body.open !== 'boolean') details.push({ path: 'open', message: 'must be true or false' })
    const note = body.note as Record<string, unknown> | undefined | null
    if (note !== undefined && note !== null && (typeof note !== 'object' || typeof note.fr !== 'string' || note.fr.trim() === '' || (note.en !== undefined && typeof note.en !== 'string'))) details.push({ path: 'note', message: 'must be { "fr": "…", "en": "…" }' })
    else if (note && ((note.fr as string).length > 500 || String(note.en ?? '').length > 500)) details.push({ path: 'note', message: 'is longer than 500 characters' })
    if (details.length || !placeId || !from || !to) throw new ValidationFailed('The closure is not valid, nothing changed', details)
    const id = await createPlaceException(store, { placeId, from, to, open: body.open === true, noteFr: note ? (note.fr as string).trim() : null, noteEn: note ? String(note.en ?? note.fr).trim() : null })
    await audit(request, body.open === true ? 'town.opening.create' : 'town.closure.create', 'place', placeCode, { exceptionId: id })
    changed()
    return reply.code(201).send({ id })
  })
  app.delete('/api/town/closures/:id', { ...admin, schema: { summary: 'Delete a closure', tags, params: IdParams, response: Deleted } }, async (request, reply) => {
    if (!await deletePlaceException(store, request.params.id)) throw notFound('No such closure')
    await audit(request, 'town.closure.delete', 'place_exception', request.params.id)
    changed()
    return reply.code(204).send()
  })

  // Services and categories (read; category visibility is the Open311 "public"/"private")
  app.get('/api/town/services', { ...manager, schema: { summary: 'Services and ticket categories', tags, response: { 200: Type.Object({ services: Type.Array(AnyObject('A service')), categories: Type.Array(AnyObject('A ticket category')) }), ...errors } } }, async () => {
    const town = await exportTown(store, config.timeZone)
    return { services: town.services, categories: town.categories }
  })
  app.patch('/api/town/services/:code', {
    ...admin,
    schema: { summary: 'Change a service\'s names and contacts', tags, params: CodeParams, body: ObjectCheckedByHandler('Fields of a service (docs/TOWNDATA.md), merged into it', { name: '{fr, en}', email: 'text', phone: 'text', address: 'text' }), response: { 200: AnyObject('The service'), ...errors } },
  }, async (request) => {
    const body = request.body as Record<string, unknown> | null
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a JSON object')
    const current = (await exportTown(store, config.timeZone)).services.find(s => s.code === request.params.code)
    if (!current) throw notFound('No such service')
    const merged = { ...current, ...body, code: current.code, name: { ...current.name, ...(body.name as object | undefined) } }
    const service = townOf({ services: [merged] }).services[0]
    await updateServiceDetails(store, service.code, { nameFr: service.name.fr, nameEn: service.name.en, email: service.email, phone: service.phone, address: service.address, openingHours: service.openingHours ?? '' })
    await audit(request, 'town.service.update', 'service', service.code, { fields: Object.keys(body) })
    changed()
    return service
  })
  app.patch('/api/town/categories/:code', {
    ...admin,
    schema: { summary: 'A category\'s visibility: public ones are listed by Open311', tags, params: CodeParams, body: ObjectCheckedByHandler('Visibility', { visibility: 'public | private' }), response: { 200: Type.Object({ code: Type.String(), visibility: Type.String() }), ...errors } },
  }, async (request) => {
    const body = request.body as Record<string, unknown> | null
    const visibility = body?.visibility
    if (visibility !== 'public' && visibility !== 'private') throw new ValidationFailed('The category is not valid, nothing changed', [{ path: 'visibility', message: 'must be public or private' }])
    if (!await setCategoryPublic(store, request.params.code, visibility === 'public')) throw notFound('No such category')
    await audit(request, 'town.category.update', 'category', request.params.code, { visibility })
    changed()
    return { code: request.params.code, visibility }
  })

  // Feeds: what administrators need to see when the agenda stops updating
  app.get('/api/town/feeds', {
    ...manager,
    schema: {
      summary: 'The feeds read by the town (events calendar): last success and error',
      tags,
      response: { 200: Type.Object({ feeds: Type.Array(Type.Object({ name: Type.String(), url: Nullable(Type.String()), lastSuccessAt: Nullable(DateTime()), lastErrorAt: Nullable(DateTime()), lastError: Nullable(Type.String()), itemCount: Type.Integer(), ok: Type.Boolean() })) }), ...errors },
    },
  }, async () => {
    const rows = await feedStates(store)
    return { feeds: rows.map(f => ({ name: f.name, url: f.url, lastSuccessAt: f.lastSuccessAt, lastErrorAt: f.lastErrorAt, lastError: f.lastError, itemCount: f.itemCount, ok: f.lastErrorAt === null || (f.lastSuccessAt !== null && f.lastSuccessAt > f.lastErrorAt) })) }
  })

  // Read the feed now (after fixing its URL or the calendar) rather than at the next poll.
  app.post('/api/town/feeds/events_ics/poll', { ...admin, schema: { summary: 'Read the events feed now', tags, response: { 200: AnyObject('{ok, …}: what the poll found'), ...errors } } }, async (request) => {
    if (!config.eventsIcsUrl) throw notFound('No events feed is configured (TOWN_EVENTS_ICS_URL)')
    const result = await pollEventsFeed(store, config.eventsIcsUrl, config.timeZone, request.log)
    if (result.ok) changed()
    await audit(request, 'town.feed.poll', 'feed', EVENTS_FEED, { ok: result.ok })
    return result
  })

  // One section of the town file at a time (services, categories, places, menus, menuCycle, events,
  // wasteZones, faq, schoolHolidays, settings): read it, or replace it with the same validation and
  // transaction as the whole file (the other sections are kept as they are).
  app.get('/api/town/:section', { ...manager, schema: { summary: 'One section of the town document', tags, params: SectionParams, response: { 200: AnyObject('{ <section>: … }'), ...errors } } }, async (request) => {
    const section = sectionOf(request.params.section)
    return { [section]: (await exportTown(store, config.timeZone))[section] }
  })
  app.put('/api/town/:section', {
    ...admin,
    bodyLimit: 20 * 1024 * 1024,
    schema: { summary: 'Replace one section, checked like the whole document', tags, params: SectionParams, body: ObjectCheckedByHandler('{ <section>: … }', {}), response: { 200: Imported, ...errors } },
  }, async (request) => {
    const section = sectionOf(request.params.section)
    const body = request.body as Record<string, unknown> | null
    if (!body || typeof body !== 'object' || !(section in body)) throw badRequest(`The body must be { "${section}": … }`)
    const town = townOf({ ...(await exportTown(store, config.timeZone)), [section]: body[section] })
    const counts = await importTown(store, town, { actorId: request.agent?.id, via: 'api', timeZone: config.timeZone, section })
    changed()
    return { imported: counts }
  })

  await app.register(csvRoutes, deps)
}
