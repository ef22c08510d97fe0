// Working hours of a service, written in OpenStreetMap's `opening_hours` syntax (what towns
// publish, TOWNDATA.md). The waiting clock shown to agents and the first-response figures count
// only time inside these hours (issue 18): a message sent on Friday evening is not « 60 h late ».
import OpeningHours from 'opening_hours'

// The library reads local time: dates are moved to the town's wall clock before asking it.
// PH (public holidays) needs a country; French towns only, as the rest of the product.
const NOMINATIM = { lat: 48.85, lon: 2.35, address: { country_code: 'fr', state: 'Île-de-France' } }
const parsed = new Map<string, OpeningHours | null>()

function parse (osm: string): OpeningHours | null {
  if (!parsed.has(osm)) {
    let value: OpeningHours | null = null
    try { value = new OpeningHours(osm, NOMINATIM as never) } catch { value = null } // unreadable hours: count every hour
    if (parsed.size > 200) parsed.clear()
    parsed.set(osm, value)
  }
  return parsed.get(osm)!
}

// One formatter per time zone: building one costs far more than using it.
const wallClocks = new Map<string, Intl.DateTimeFormat>()

function onWallClock (date: Date, timeZone: string): Date {
  let format = wallClocks.get(timeZone)
  if (!format) wallClocks.set(timeZone, format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }))
  const parts = format.formatToParts(date)
  const get = (type: string) => Number(parts.find(p => p.type === type)?.value)
  return new Date(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
}

/** Seconds between `from` and `to` that fall inside the opening hours `osm` (all of them if `osm` cannot be read). */
export function workingSecondsBetween (osm: string | null | undefined, from: Date, to: Date, timeZone: string): number {
  if (to <= from) return 0
  const hours = osm ? parse(osm) : null
  if (!hours) return Math.round((to.getTime() - from.getTime()) / 1000)
  const [open] = hours.getOpenDuration(onWallClock(from, timeZone), onWallClock(to, timeZone))
  return Math.round(open / 1000)
}

/** True when `osm` is readable opening hours. */
export function isValidOpeningHours (osm: string): boolean {
  return parse(osm) !== null
}

const DAY_CODES: Record<string, string> = { mon: 'Mo', tue: 'Tu', wed: 'We', thu: 'Th', fri: 'Fr', sat: 'Sa', sun: 'Su' }

/** The town hall's hours as OSM syntax: `openingHours` of place `mairie` (TOWNDATA.md), or the older JSON hours turned into it. */
export function mairieOpeningHours (places: unknown[]): string | null {
  const mairie = places.find(p => (p as { code?: string }).code === 'mairie') as { openingHours?: unknown, hours?: unknown } | undefined
  if (!mairie) return null
  if (typeof mairie.openingHours === 'string' && mairie.openingHours) return mairie.openingHours
  if (!mairie.hours || typeof mairie.hours !== 'object') return null
  const rules = Object.entries(mairie.hours as Record<string, [string, string][]>)
    .filter(([day, ranges]) => DAY_CODES[day] && Array.isArray(ranges) && ranges.length)
    .map(([day, ranges]) => `${DAY_CODES[day]} ${ranges.map(([a, b]) => `${a}-${b}`).join(',')}`)
  return rules.length ? `${rules.join('; ')}; PH off` : null
}

/** When the hours `osm` next open after `at`: 'open' if open now, null if unknown or not within two weeks. */
export function nextOpening (osm: string | null | undefined, at: Date, timeZone: string): Date | 'open' | null {
  const hours = osm ? parse(osm) : null
  if (!hours) return null
  const wall = onWallClock(at, timeZone)
  if (hours.getState(wall)) return 'open'
  const next = hours.getNextChange(wall, new Date(wall.getTime() + 14 * 86_400_000))
  return next ? new Date(at.getTime() + (next.getTime() - wall.getTime())) : null
}
