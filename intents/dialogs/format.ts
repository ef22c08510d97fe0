// Formatting town data for one or two SMS: days, hours, dates.
import type { Lang } from '../../src/domain.ts'
import { foldAccents } from '../normalize.ts'

const DAY_KEYS: Record<string, number> = {
  mon: 1, monday: 1, lundi: 1, lun: 1, tue: 2, tuesday: 2, mardi: 2, mar: 2, wed: 3, wednesday: 3, mercredi: 3, mer: 3,
  thu: 4, thursday: 4, jeudi: 4, jeu: 4, fri: 5, friday: 5, vendredi: 5, ven: 5, sat: 6, saturday: 6, samedi: 6, sam: 6,
  sun: 0, sunday: 0, dimanche: 0, dim: 0
}
const DAY_NAMES: Record<Lang, string[]> = {
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
}
const SHORT_DAYS: Record<Lang, string[]> = {
  fr: ['dim', 'lun', 'mar', 'mer', 'jeu', 'ven', 'sam'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
}

/** 0 (Sunday) … 6, from "mon", "Monday", "lundi", "1"; null when unknown. */
export const dayIndex = (key: string): number | null => {
  const folded = foldAccents(key.toLowerCase().trim())
  if (/^[0-6]$/.test(folded)) return Number(folded)
  return DAY_KEYS[folded] ?? null
}

export const dayName = (key: string, lang: Lang): string => {
  const index = dayIndex(key)
  return index === null ? key : DAY_NAMES[lang][index]
}

const slotsText = (slots: [string, string][]): string => slots.map(([from, to]) => `${from}-${to}`).join(', ')

/** "lun-ven 08:30-12:00, 13:30-17:00 ; sam 09:00-12:00", Monday first, equal consecutive days merged. */
export const formatWeekHours = (hours: Record<string, [string, string][]>, lang: Lang): string => {
  const byDay = new Map<number, string>()
  for (const [key, slots] of Object.entries(hours)) {
    const index = dayIndex(key)
    if (index !== null && slots.length > 0) byDay.set(index, slotsText(slots))
  }
  const order = [1, 2, 3, 4, 5, 6, 0]
  const groups: { first: number, last: number, text: string }[] = []
  for (const day of order) {
    const text = byDay.get(day)
    if (text === undefined) continue
    const previous = groups[groups.length - 1]
    if (previous !== undefined && previous.text === text && order.indexOf(previous.last) === order.indexOf(day) - 1) previous.last = day
    else groups.push({ first: day, last: day, text })
  }
  const names = SHORT_DAYS[lang]
  return groups.map(g => `${names[g.first]}${g.first === g.last ? '' : `-${names[g.last]}`} ${g.text}`).join(' ; ')
}

/** Hours of one weekday (0-6), or null when closed that day. */
export const hoursOn = (hours: Record<string, [string, string][]>, weekday: number): string | null => {
  for (const [key, slots] of Object.entries(hours)) if (dayIndex(key) === weekday && slots.length > 0) return slotsText(slots)
  return null
}

// toLocaleDateString/toLocaleString build a new Intl.DateTimeFormat on every call (~0.1 ms each,
// the largest cost of an events or canteen reply); the same formats, built once and reused, give
// the same strings.
const DAY_FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
}
/** Per language and time zone ("fr Europe/Paris"); a town has one time zone, so this stays tiny. */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

/** "lundi 12 mars" / "Monday 12 March" for an ISO date. */
export const formatDay = (isoDate: string, lang: Lang): string => DAY_FORMATS[lang].format(new Date(`${isoDate}T12:00:00Z`))

/** "sam. 14 mars, 10:00" in the town's time zone. */
export const formatDateTime = (date: Date, lang: Lang, timeZone: string): string => {
  const key = `${lang} ${timeZone}`
  let format = dateTimeFormats.get(key)
  if (format === undefined) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone })
    dateTimeFormats.set(key, format)
  }
  return format.format(date)
}

/** Keeps a reply within ~2 SMS: cuts at the last separator before `max` characters. */
export const clip = (text: string, max = 300): string => {
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const at = Math.max(cut.lastIndexOf(' ; '), cut.lastIndexOf('. '), cut.lastIndexOf(', '))
  return `${at > max / 2 ? cut.slice(0, at) : cut}…`
}
