// Bridge until the time answers of issue 15 (item 4) read OpenStreetMap `opening_hours` with the
// opening_hours package: the plain weekly rules ("Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00")
// as the day → slots map the formatting helpers take. Holidays and exceptions are ignored here.
const DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']
const KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

export const weekHoursOf = (openingHours: string): Record<string, [string, string][]> => {
  const week: Record<string, [string, string][]> = {}
  for (const rule of openingHours.split(';').map(r => r.trim()).filter(Boolean)) {
    const match = /^([A-Za-z,\- ]+?)\s+(\d\d:\d\d-\d\d:\d\d(?:\s*,\s*\d\d:\d\d-\d\d:\d\d)*)$/.exec(rule)
    if (match === null) continue
    const slots = match[2].split(',').map(s => s.trim().split('-') as [string, string])
    for (const part of match[1].toLowerCase().split(',').map(p => p.trim())) {
      const [from, to = from] = part.split('-').map(d => DAYS.indexOf(d.trim()))
      if (from < 0 || to < 0) continue
      for (let d = from; d <= to; d++) week[KEYS[d]] = slots
    }
  }
  return week
}

/** The inverse, for data still stored as a day → slots map. */
export const osmOfWeekHours = (week: Record<string, [string, string][]>): string =>
  Object.entries(week).filter(([key, slots]) => KEYS.includes(key) && slots.length > 0)
    .map(([key, slots]) => `${DAYS[KEYS.indexOf(key)][0].toUpperCase()}${DAYS[KEYS.indexOf(key)][1]} ${slots.map(([a, b]) => `${a}-${b}`).join(',')}`).join('; ')
