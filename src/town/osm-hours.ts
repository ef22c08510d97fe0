// The database still stores a place's week as JSON ({ mon: [["08:30","12:00"]], … }); TownData speaks
// OpenStreetMap's `opening_hours` syntax (TOWNDATA.md). This turns the one into the other until the
// town-data work stores the OSM string itself.
const OSM_DAYS: [string, string[]][] = [
  ['Mo', ['mon', 'monday', 'lundi']], ['Tu', ['tue', 'tuesday', 'mardi']], ['We', ['wed', 'wednesday', 'mercredi']],
  ['Th', ['thu', 'thursday', 'jeudi']], ['Fr', ['fri', 'friday', 'vendredi']], ['Sa', ['sat', 'saturday', 'samedi']], ['Su', ['sun', 'sunday', 'dimanche']]
]

/** "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off": equal consecutive days merged, public holidays closed. */
export const weekHoursToOsm = (hours: Record<string, [string, string][]>): string => {
  const slotsOf = (names: string[]): string => {
    const key = Object.keys(hours).find(k => names.includes(k.toLowerCase()))
    return key === undefined ? '' : (hours[key] ?? []).map(([from, to]) => `${from}-${to}`).join(',')
  }
  const groups: { first: string, last: string, slots: string }[] = []
  for (const [day, names] of OSM_DAYS) {
    const slots = slotsOf(names)
    const previous = groups[groups.length - 1]
    if (slots !== '' && previous !== undefined && previous.slots === slots && OSM_DAYS.findIndex(([d]) => d === previous.last) === OSM_DAYS.findIndex(([d]) => d === day) - 1) previous.last = day
    else if (slots !== '') groups.push({ first: day, last: day, slots })
  }
  if (groups.length === 0) return 'off'
  return [...groups.map(g => `${g.first}${g.first === g.last ? '' : `-${g.last}`} ${g.slots}`), 'PH off'].join('; ')
}
