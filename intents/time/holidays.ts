// French public holidays from `date-holidays` (country FR; Moselle, Bas-Rhin and Haut-Rhin add
// Good Friday and 26 December: TOWN_HOLIDAYS=fr-alsace-moselle). Only type "public" days count:
// the library also lists Easter Sunday, Whit Sunday and Mother's Day as observances.
import Holidays from 'date-holidays'

export type HolidayCalendar = 'fr' | 'fr-alsace-moselle'
export type PublicHoliday = { date: string, name: { fr: string, en: string } }

const calendars = new Map<string, Holidays>()
const years = new Map<string, Map<string, PublicHoliday>>()

export const calendarOf = (setting: string): HolidayCalendar => setting === 'fr-alsace-moselle' ? 'fr-alsace-moselle' : 'fr'

const calendar = (which: HolidayCalendar): Holidays => {
  let holidays = calendars.get(which)
  if (holidays === undefined) {
    // FR-57 (Moselle) has the same two extra days as FR-67 and FR-68.
    holidays = which === 'fr-alsace-moselle' ? new Holidays('FR', '57') : new Holidays('FR')
    calendars.set(which, holidays)
  }
  return holidays
}

/** The public holidays of a year, by ISO date. */
export const publicHolidays = (year: number, which: HolidayCalendar): Map<string, PublicHoliday> => {
  const key = `${which} ${year}`
  let days = years.get(key)
  if (days === undefined) {
    const english = new Map(calendar(which).getHolidays(year, 'en').map(h => [h.date.slice(0, 10), h.name]))
    days = new Map()
    for (const h of calendar(which).getHolidays(year, 'fr')) {
      if (h.type !== 'public') continue
      const date = h.date.slice(0, 10)
      days.set(date, { date, name: { fr: h.name, en: english.get(date) ?? h.name } })
    }
    years.set(key, days)
  }
  return days
}

/** The public holiday on an ISO date, or null. */
export const holidayOn = (isoDay: string, which: HolidayCalendar): PublicHoliday | null =>
  publicHolidays(Number(isoDay.slice(0, 4)), which).get(isoDay) ?? null
