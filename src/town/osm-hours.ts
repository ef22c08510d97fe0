// OpenStreetMap opening_hours strings (the `opening_hours` package), checked and turned into a plain week.
// Imported as an ES module, as intents/time/ does: through require, the package's CommonJS build
// was a second copy of the library and its holiday data in memory (3 MB).
import OpeningHours from 'opening_hours'

// French public holidays (PH) need the country; the state is not used for France.
const FRANCE = { lat: 48.85, lon: 2.35, address: { country_code: 'fr', state: '' } }

/**
 * undefined when valid, else the library's message. The library also accepts sloppy values
 * (« Lu-Ve 9h-12h ») with warnings: those are refused too, with the value it would understand,
 * so that what is stored is what OpenStreetMap and every other reader understand.
 */
export function checkOpeningHours (value: string): string | undefined {
  if (value.trim() === '') return undefined // no hours known
  try {
    const oh = new OpeningHours(value, FRANCE)
    const warnings = oh.getWarnings()
    if (warnings.length === 0) return undefined
    return `${warnings[0].split('\n')[0].slice(0, 200)} (did you mean "${oh.prettifyValue()}"?)`
  } catch (error) {
    return String(error).split('\n')[0].slice(0, 300)
  }
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
const OSM_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su']

/** The regular week of an opening_hours string (holidays and dates aside): { mon: [["08:30","12:00"]], ... }. */
export function weekOf (value: string): Record<string, [string, string][]> {
  const week: Record<string, [string, string][]> = {}
  if (value.trim() === '') return week
  const oh = new OpeningHours(value, FRANCE)
  // A week without French public holidays or DST change: Monday 2 to Monday 9 June 2025 (Whit Monday is the 9th).
  // The library reads dates in the process's local time, so the week is built in local time too.
  const start = new Date(2025, 5, 2)
  const end = new Date(2025, 5, 9)
  const two = (n: number) => String(n).padStart(2, '0')
  const hhmm = (d: Date) => `${two(d.getHours())}:${two(d.getMinutes())}`
  for (const [from, to] of oh.getOpenIntervals(start, end)) {
    const day = WEEKDAYS[(from.getDay() + 6) % 7]
    const endText = to.getTime() - from.getTime() > 0 && to.getHours() === 0 && to.getMinutes() === 0 && to.getDate() !== from.getDate() ? '24:00' : hhmm(to)
    ;(week[day] ??= []).push([hhmm(from), endText])
  }
  return week
}

/** The old JSON week of a place ({ "mon": [["08:30","12:00"]] }) in opening_hours syntax, days with the same slots grouped. */
export function weekToOsm (week: Record<string, [string, string][]>): string {
  const slots = WEEKDAYS.map(d => (week[d] ?? []).map(([a, b]) => `${a}-${b}`).join(','))
  const rules: string[] = []
  for (let i = 0; i < 7;) {
    let j = i
    while (j + 1 < 7 && slots[j + 1] === slots[i]) j++
    if (slots[i] !== '') rules.push(`${OSM_DAYS[i]}${j > i ? `${j === i + 1 ? ',' : '-'}${OSM_DAYS[j]}` : ''} ${slots[i]}`)
    i = j + 1
  }
  return rules.join('; ')
}
