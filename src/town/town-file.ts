// The town file: the whole town as one document (docs/town-file.md). Types, parsing (YAML or
// JSON) and full validation: every problem is reported with its field path, and its line in YAML.
import { LineCounter, parseDocument } from 'yaml'
import { checkOpeningHours, WEEKDAYS } from './osm-hours.ts'
import { LOCAL_DATE, LOCAL_DATE_TIME } from './local-time.ts'
import { BBOX_TEXT, parseBbox } from '../domain.ts'
import { Checker, TownFileInvalid, formatIssue, type Obj, type Segment } from './checker.ts'

export type Bilingual = { fr: string, en: string }
/** bbox: the commune's extent "minLon,minLat,maxLon,maxLat" (Open311 refuses points outside; TOWN_BBOX overrides it). */
export type TownFileSettings = {
  townName?: string, bookingUrl?: string, holidays?: 'fr' | 'fr-alsace-moselle', schoolZone?: 'A' | 'B' | 'C', bbox?: string,
  /** Ask « Êtes-vous satisfait·e du traitement ? » when a ticket is resolved (issue 18); absent: no. */
  satisfactionSurvey?: boolean
}
export type TownFileService = {
  code: string, name: Bilingual, email: string | null, phone: string | null, address: string | null,
  /** The hours people answer the service's queue (OSM opening_hours); absent: the town hall's. */
  openingHours?: string
}
export type TownFileCategory = { code: string, kind: string, name: Bilingual, description: Bilingual | null, service: string, keywords: string[], visibility: 'public' | 'private', implicitDecisionDays: number | null }
/** from/to: "YYYY-MM-DD" (a whole day; `to` inclusive) or "YYYY-MM-DDTHH:MM" (town time; `to` exclusive). */
export type TownFileException = { from: string, to: string, open: boolean, note: Bilingual | null }
export type TownFilePlace = { code: string, kind: string, name: Bilingual, aliases: string[], address: string, phone: string | null, openingHours: string, notes: string | null, exceptions: TownFileException[] }
export type TownFileMenu = { date: string, starter: string | null, main: string, side: string | null, dessert: string | null, notes: string | null }
export type TownFileCycleMenu = { starter: string | null, main: string, side: string | null, dessert: string | null }
/** Menus for the days no dated menu covers: week N of the cycle, counted from `from`, on `days`. */
export type TownFileMenuCycle = { from: string, days: string[], skipSchoolHolidays: boolean, weeks: TownFileCycleMenu[][] }
export type TownFileEvent = { title: string, description: string | null, place: string | null, start: string, end: string | null, category: string | null, link: string | null, rrule: string | null }
export type TownFileCollection = { stream: string, days: string[], rule: string | null, notes: string | null }
export type TownFileWasteZone = { code: string, name: string, streets: string[], collections: TownFileCollection[] }
export type TownFileFaq = { id: string, questions: { fr: string[], en: string[] }, answer: Bilingual, link: string | null, tags: string[], active: boolean, redirect: { name: string, contact: string } | null }
export type TownFileSchoolHoliday = { name: string, zone: string, from: string, to: string }
/** An alert topic citizens subscribe to (issue 20); the code is what subscriptions and broadcasts keep. */
export type TownFileAlertTopic = { code: string, name: Bilingual, description: Bilingual | null }

export type TownFile = {
  version: 1
  settings: TownFileSettings
  services: TownFileService[]
  categories: TownFileCategory[]
  places: TownFilePlace[]
  menus: TownFileMenu[]
  menuCycle: TownFileMenuCycle | null
  events: TownFileEvent[]
  wasteZones: TownFileWasteZone[]
  faq: TownFileFaq[]
  schoolHolidays: TownFileSchoolHoliday[]
  /** Absent from a file: the town's topics are left as they are (files written before topics were town data). */
  alertTopics?: TownFileAlertTopic[]
}

export { TownFileInvalid, formatIssue, pathText, type Segment, type ValidationIssue } from './checker.ts'

export const CATEGORY_KINDS = ['report', 'formal_request', 'idea', 'appointment']
export const STREAMS = ['household', 'recycling', 'glass', 'green', 'bulky', 'biowaste', 'paper']
const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/
const TOPIC_CODE = /^[a-z][a-z0-9_-]{0,39}$/
const FAQ_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
const TOP_KEYS = ['version', 'settings', 'services', 'categories', 'places', 'menus', 'menuCycle', 'events', 'wasteZones', 'faq', 'faqInclude', 'schoolHolidays', 'alertTopics']

const localDateTime = { pattern: LOCAL_DATE_TIME, patternText: 'a date YYYY-MM-DD or YYYY-MM-DDTHH:MM' }
const localDate = { pattern: LOCAL_DATE, patternText: 'a date YYYY-MM-DD' }

/** Checks a whole town document; throws TownFileInvalid listing every problem. */
export function validateTownFile (input: unknown): TownFile {
  const c = new Checker()
  const doc = c.object(input, [], TOP_KEYS)
  if (!doc) throw new TownFileInvalid(c.issues)
  if (doc.version !== undefined && doc.version !== 1) c.fail(['version'], 'must be 1')
  if (doc.faqInclude !== undefined) c.fail(['faqInclude'], 'included files are read only from a file on disk (npm run town:import)')

  const s = doc.settings === undefined || doc.settings === null ? {} : c.object(doc.settings, ['settings'], ['townName', 'bookingUrl', 'holidays', 'schoolZone', 'bbox', 'satisfactionSurvey']) ?? {}
  const settings: TownFileSettings = {}
  const townName = c.string(s, 'townName', ['settings'], { max: 120 })
  if (townName) settings.townName = townName
  const bookingUrl = c.string(s, 'bookingUrl', ['settings'], { pattern: /^https?:\/\/\S+$/, patternText: 'an http(s) URL' })
  if (bookingUrl) settings.bookingUrl = bookingUrl
  const holidays = c.string(s, 'holidays', ['settings'], { pattern: /^(fr|fr-alsace-moselle)$/, patternText: 'fr or fr-alsace-moselle' })
  if (holidays) settings.holidays = holidays as TownFileSettings['holidays']
  const zone = c.string(s, 'schoolZone', ['settings'], { pattern: /^[ABC]$/, patternText: 'A, B or C' })
  if (zone) settings.schoolZone = zone as TownFileSettings['schoolZone']
  const bbox = c.string(s, 'bbox', ['settings'], { max: 100 })
  if (bbox && !parseBbox(bbox)) c.fail(['settings', 'bbox'], `must be ${BBOX_TEXT}, west < east and south < north (got "${bbox.slice(0, 40)}")`)
  else if (bbox) settings.bbox = bbox.split(',').map(x => x.trim()).join(',')
  if (s.satisfactionSurvey !== undefined && s.satisfactionSurvey !== null) settings.satisfactionSurvey = c.boolean(s, 'satisfactionSurvey', ['settings'], false)

  const services = c.list(doc.services, ['services']).flatMap((v, i): TownFileService[] => {
    const at = ['services', i]
    const o = c.object(v, at, ['code', 'name', 'email', 'phone', 'address', 'openingHours'])
    if (!o) return []
    const openingHours = c.string(o, 'openingHours', at, { max: 1000 }) ?? ''
    const problem = checkOpeningHours(openingHours)
    if (problem) c.fail([...at, 'openingHours'], `is not valid opening_hours syntax: ${problem}`)
    return [{
      code: c.required(o, 'code', at, { pattern: CODE, patternText: 'a code of lower-case letters, digits, - or _' }),
      name: c.bilingual(o, 'name', at, true, 200) ?? { fr: '', en: '' },
      email: c.string(o, 'email', at, { pattern: /^[^@\s]+@[^@\s]+$/, patternText: 'an email address' }),
      phone: c.string(o, 'phone', at, { max: 40 }),
      address: c.string(o, 'address', at, { max: 300 }),
      ...(openingHours.trim() ? { openingHours } : {}),
    }]
  })
  c.unique(services.map((x, i) => ({ key: x.code, at: ['services', i, 'code'] })), 'service code')
  const serviceCodes = new Set(services.map(x => x.code))

  const categories = c.list(doc.categories, ['categories']).flatMap((v, i): TownFileCategory[] => {
    const at = ['categories', i]
    const o = c.object(v, at, ['code', 'kind', 'name', 'description', 'service', 'keywords', 'visibility', 'implicitDecisionDays'])
    if (!o) return []
    const service = c.required(o, 'service', at)
    if (service && !serviceCodes.has(service)) c.fail([...at, 'service'], `no service has the code "${service}"`)
    const days = o.implicitDecisionDays
    if (days !== undefined && days !== null && (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 3650)) c.fail([...at, 'implicitDecisionDays'], 'must be a whole number of days (1 to 3650) or null')
    return [{
      code: c.required(o, 'code', at, { pattern: CODE, patternText: 'a code of lower-case letters, digits, - or _' }),
      kind: c.required(o, 'kind', at, { pattern: new RegExp(`^(${CATEGORY_KINDS.join('|')})$`), patternText: CATEGORY_KINDS.join(', ') }),
      name: c.bilingual(o, 'name', at, true, 200) ?? { fr: '', en: '' },
      description: c.bilingual(o, 'description', at, false),
      service,
      keywords: c.strings(o, 'keywords', at),
      visibility: (c.string(o, 'visibility', at, { pattern: /^(public|private)$/, patternText: 'public or private' }) ?? 'public') as 'public' | 'private',
      implicitDecisionDays: typeof days === 'number' ? days : null,
    }]
  })
  c.unique(categories.map((x, i) => ({ key: x.code, at: ['categories', i, 'code'] })), 'category code')

  const places = c.list(doc.places, ['places']).flatMap((v, i): TownFilePlace[] => {
    const at = ['places', i]
    const o = c.object(v, at, ['code', 'kind', 'name', 'aliases', 'address', 'phone', 'openingHours', 'notes', 'exceptions'])
    if (!o) return []
    const openingHours = c.string(o, 'openingHours', at, { max: 1000 }) ?? ''
    const problem = checkOpeningHours(openingHours)
    if (problem) c.fail([...at, 'openingHours'], `is not valid opening_hours syntax: ${problem}`)
    const exceptions = c.list(o.exceptions, [...at, 'exceptions']).flatMap((e, j): TownFileException[] => {
      const eat = [...at, 'exceptions', j]
      const eo = c.object(e, eat, ['from', 'to', 'open', 'note'])
      if (!eo) return []
      const from = c.required(eo, 'from', eat, localDateTime)
      const to = c.string(eo, 'to', eat, localDateTime) ?? from
      if (from.length > 10 && (eo.to === undefined || eo.to === null)) c.fail([...eat, 'to'], 'is required when from has a time')
      if (from && to && to.length === from.length && to < from) c.fail([...eat, 'to'], 'is before from')
      return [{ from, to, open: c.boolean(eo, 'open', eat, false), note: c.bilingual(eo, 'note', eat, false, 500) }]
    })
    return [{
      code: c.required(o, 'code', at, { pattern: CODE, patternText: 'a code of lower-case letters, digits, - or _' }),
      kind: c.required(o, 'kind', at, { max: 60 }),
      name: c.bilingual(o, 'name', at, true, 200) ?? { fr: '', en: '' },
      aliases: c.strings(o, 'aliases', at),
      address: c.required(o, 'address', at, { max: 300 }),
      phone: c.string(o, 'phone', at, { max: 40 }),
      openingHours,
      notes: c.string(o, 'notes', at, { max: 1000 }),
      exceptions,
    }]
  })
  c.unique(places.map((x, i) => ({ key: x.code, at: ['places', i, 'code'] })), 'place code')

  const menuFields = ['starter', 'main', 'side', 'dessert']
  const menus = c.list(doc.menus, ['menus']).flatMap((v, i): TownFileMenu[] => {
    const at = ['menus', i]
    const o = c.object(v, at, ['date', ...menuFields, 'notes'])
    if (!o) return []
    return [{ date: c.required(o, 'date', at, localDate), starter: c.string(o, 'starter', at), main: c.required(o, 'main', at), side: c.string(o, 'side', at), dessert: c.string(o, 'dessert', at), notes: c.string(o, 'notes', at) }]
  })
  c.unique(menus.map((x, i) => ({ key: x.date, at: ['menus', i, 'date'] })), 'menu date')

  let menuCycle: TownFileMenuCycle | null = null
  if (doc.menuCycle !== undefined && doc.menuCycle !== null) {
    const o = c.object(doc.menuCycle, ['menuCycle'], ['from', 'days', 'skipSchoolHolidays', 'weeks'])
    if (o) {
      const days = c.strings(o, 'days', ['menuCycle'])
      days.forEach((d, j) => { if (!(WEEKDAYS as readonly string[]).includes(d)) c.fail(['menuCycle', 'days', j], `must be one of ${WEEKDAYS.join(', ')}`) })
      const weeks = c.list(o.weeks, ['menuCycle', 'weeks'], true).map((w, wi) => c.list(w, ['menuCycle', 'weeks', wi], true).flatMap((m, mi): TownFileCycleMenu[] => {
        const at = ['menuCycle', 'weeks', wi, mi]
        const mo = c.object(m, at, menuFields)
        return mo ? [{ starter: c.string(mo, 'starter', at), main: c.required(mo, 'main', at), side: c.string(mo, 'side', at), dessert: c.string(mo, 'dessert', at) }] : []
      }))
      weeks.forEach((w, wi) => { if (w.length !== days.length) c.fail(['menuCycle', 'weeks', wi], `must have one menu for each of the ${days.length} days`) })
      menuCycle = { from: c.required(o, 'from', ['menuCycle'], localDate), days, skipSchoolHolidays: c.boolean(o, 'skipSchoolHolidays', ['menuCycle'], true), weeks }
    }
  }

  const events = c.list(doc.events, ['events']).flatMap((v, i): TownFileEvent[] => {
    const at = ['events', i]
    const o = c.object(v, at, ['title', 'description', 'place', 'start', 'end', 'category', 'link', 'rrule'])
    if (!o) return []
    const start = c.required(o, 'start', at, localDateTime)
    const end = c.string(o, 'end', at, localDateTime)
    if (start && end && end.length === start.length && end < start) c.fail([...at, 'end'], 'is before start')
    const rrule = c.string(o, 'rrule', at, { pattern: /^(FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY))(;[A-Z]+=[A-Z0-9,+-]+)*$|^([A-Z]+=[A-Z0-9,+-]+;)+FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$/, patternText: 'an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=SA' })
    return [{ title: c.required(o, 'title', at, { max: 200 }), description: c.string(o, 'description', at), place: c.string(o, 'place', at, { max: 200 }), start, end, category: c.string(o, 'category', at, { max: 60 }), link: c.string(o, 'link', at, { pattern: /^https?:\/\/\S+$/, patternText: 'an http(s) URL' }), rrule }]
  })

  const wasteZones = c.list(doc.wasteZones, ['wasteZones']).flatMap((v, i): TownFileWasteZone[] => {
    const at = ['wasteZones', i]
    const o = c.object(v, at, ['code', 'name', 'streets', 'collections'])
    if (!o) return []
    const collections = c.list(o.collections, [...at, 'collections'], true).flatMap((w, j): TownFileCollection[] => {
      const wat = [...at, 'collections', j]
      const wo = c.object(w, wat, ['stream', 'days', 'rule', 'notes'])
      if (!wo) return []
      const days = c.strings(wo, 'days', wat)
      days.forEach((d, k) => { if (!(WEEKDAYS as readonly string[]).includes(d)) c.fail([...wat, 'days', k], `must be one of ${WEEKDAYS.join(', ')}`) })
      return [{ stream: c.required(wo, 'stream', wat, { pattern: new RegExp(`^(${STREAMS.join('|')})$`), patternText: STREAMS.join(', ') }), days, rule: c.string(wo, 'rule', wat, { max: 500 }), notes: c.string(wo, 'notes', wat, { max: 1000 }) }]
    })
    c.unique(collections.map((x, j) => ({ key: x.stream, at: [...at, 'collections', j, 'stream'] })), 'stream in this zone')
    return [{ code: c.required(o, 'code', at, { pattern: CODE, patternText: 'a code of lower-case letters, digits, - or _' }), name: c.required(o, 'name', at, { max: 200 }), streets: c.strings(o, 'streets', at), collections }]
  })
  c.unique(wasteZones.map((x, i) => ({ key: x.code, at: ['wasteZones', i, 'code'] })), 'waste zone code')

  const faq = c.list(doc.faq, ['faq']).flatMap((v, i) => checkFaq(c, v, ['faq', i]) ?? [])
  c.unique(faq.map((x, i) => ({ key: x.id, at: ['faq', i, 'id'] })), 'FAQ id')

  const schoolHolidays = c.list(doc.schoolHolidays, ['schoolHolidays']).flatMap((v, i): TownFileSchoolHoliday[] => {
    const at = ['schoolHolidays', i]
    const o = c.object(v, at, ['name', 'zone', 'from', 'to'])
    if (!o) return []
    const from = c.required(o, 'from', at, localDate)
    const to = c.required(o, 'to', at, localDate)
    if (from && to && to < from) c.fail([...at, 'to'], 'is before from')
    return [{ name: c.required(o, 'name', at, { max: 120 }), zone: c.required(o, 'zone', at, { pattern: /^(A|B|C|all)$/, patternText: 'A, B, C or all' }), from, to }]
  })
  c.unique(schoolHolidays.map((x, i) => ({ key: `${x.zone}/${x.name}/${x.from}`, at: ['schoolHolidays', i] })), 'school holiday')

  const alertTopics = doc.alertTopics === undefined ? undefined : c.list(doc.alertTopics, ['alertTopics']).flatMap((v, i): TownFileAlertTopic[] => {
    const at = ['alertTopics', i]
    const o = c.object(v, at, ['code', 'name', 'description'])
    if (!o) return []
    return [{
      code: c.required(o, 'code', at, { pattern: TOPIC_CODE, patternText: 'a code of lower-case letters, digits, - or _ starting with a letter (1 to 40)' }),
      name: c.bilingual(o, 'name', at, true, 100) ?? { fr: '', en: '' },
      description: c.bilingual(o, 'description', at, false, 500),
    }]
  })
  if (alertTopics) c.unique(alertTopics.map((x, i) => ({ key: x.code, at: ['alertTopics', i, 'code'] })), 'alert topic code')

  if (c.issues.length) throw new TownFileInvalid(c.issues)
  return { version: 1, settings, services, categories, places, menus, menuCycle, events, wasteZones, faq, schoolHolidays, ...(alertTopics ? { alertTopics } : {}) }
}

/** One FAQ entry (town file or POST /api/town/faq); undefined when invalid (the issues are in `c`). */
function checkFaq (c: Checker, value: unknown, at: Segment[], idRequired = true): TownFileFaq | undefined {
  const o = c.object(value, at, ['id', 'questions', 'answer', 'link', 'tags', 'active', 'redirect'])
  if (!o) return undefined
  const id = idRequired ? c.required(o, 'id', at, { pattern: FAQ_ID, patternText: 'letters, digits, - or _ (1 to 64)' }) : c.string(o, 'id', at, { pattern: FAQ_ID, patternText: 'letters, digits, - or _ (1 to 64)' }) ?? ''
  const q = o.questions === undefined ? c.fail([...at, 'questions'], 'is required ({ fr: [...], en: [...] })') : c.object(o.questions, [...at, 'questions'], ['fr', 'en'])
  const questions = { fr: q ? c.strings(q, 'fr', [...at, 'questions'], 500) : [], en: q ? c.strings(q, 'en', [...at, 'questions'], 500) : [] }
  if (q && questions.fr.length === 0) c.fail([...at, 'questions', 'fr'], 'needs at least one question in French')
  let redirect: TownFileFaq['redirect'] = null
  if (o.redirect !== undefined && o.redirect !== null) {
    const r = c.object(o.redirect, [...at, 'redirect'], ['name', 'contact'])
    if (r) redirect = { name: c.required(r, 'name', [...at, 'redirect'], { max: 200 }), contact: c.required(r, 'contact', [...at, 'redirect'], { max: 500 }) }
  }
  return {
    id,
    questions,
    answer: c.bilingual(o, 'answer', at, true, 4000) ?? { fr: '', en: '' },
    link: c.string(o, 'link', at, { pattern: /^https?:\/\/\S+$/, patternText: 'an http(s) URL' }),
    tags: c.strings(o, 'tags', at, 60),
    active: c.boolean(o, 'active', at, true),
    redirect,
  }
}

/** Validates one FAQ entry given alone (the API): the id is optional there. */
export function validateFaqEntry (value: unknown): TownFileFaq {
  const c = new Checker()
  const entry = checkFaq(c, value, [], false)
  if (!entry || c.issues.length) throw new TownFileInvalid(c.issues)
  return entry
}

/** Reads YAML (or JSON, a subset of YAML) text; syntax errors and validation problems carry their line. */
export function parseTownText (text: string): { value: unknown, lineOf: (path: Segment[]) => number | undefined } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false })
  if (doc.errors.length) {
    throw new TownFileInvalid(doc.errors.slice(0, 20).map(e => ({ path: '', line: e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] })))
  }
  const lineOf = (path: Segment[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line
      // a key whose value is missing: look for the pair in its parent map
    }
    return undefined
  }
  return { value: doc.toJS({ maxAliasCount: 100 }), lineOf }
}

/** Splits a dotted path back into segments: places[2].openingHours → ['places', 2, 'openingHours']. */
export function segmentsOf (path: string): Segment[] {
  const out: Segment[] = []
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1])
  return out
}

/** Parses and validates a town file's text, naming the line of each problem. */
export function readTownText (text: string, includes: (path: string) => string = () => { throw new Error('no includes here') }): TownFile {
  const { value, lineOf } = parseTownText(text)
  let document = value
  if (document && typeof document === 'object' && !Array.isArray(document) && 'faqInclude' in document) {
    const { faqInclude, ...rest } = document as Obj
    const included: unknown[] = []
    for (const [i, file] of (Array.isArray(faqInclude) ? faqInclude : [faqInclude]).entries()) {
      if (typeof file !== 'string') throw new TownFileInvalid([{ path: `faqInclude[${i}]`, line: lineOf(['faqInclude', i]), message: 'must be a file path' }])
      let entries: unknown
      try {
        const parsed = parseTownText(includes(file)).value
        entries = Array.isArray(parsed) ? parsed : (parsed as Obj | null)?.faq
      } catch (error) {
        const detail = error instanceof TownFileInvalid ? error.issues.map(formatIssue).join('; ') : (error as Error).message
        throw new TownFileInvalid([{ path: `faqInclude[${i}]`, line: lineOf(['faqInclude', i]), message: `cannot read ${file}: ${detail}` }])
      }
      if (!Array.isArray(entries)) throw new TownFileInvalid([{ path: `faqInclude[${i}]`, line: lineOf(['faqInclude', i]), message: `${file} is not a list of FAQ entries` }])
      included.push(...entries)
    }
    document = { ...rest, faq: [...(Array.isArray(rest.faq) ? rest.faq : []), ...included] }
  }
  try {
    return validateTownFile(document)
  } catch (error) {
    if (!(error instanceof TownFileInvalid)) throw error
    throw new TownFileInvalid(error.issues.map(i => ({ ...i, line: lineOf(segmentsOf(i.path)) })))
  }
}
