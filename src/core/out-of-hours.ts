// Issue 18: a citizen handed to a person outside working hours is told when people are back,
// instead of waiting in silence (the hours are the town hall's `openingHours`, TOWNDATA.md).
import type { Lang } from '../domain.ts'
import { metricTimeZone, workingHoursResume } from '../metrics/metric-events.ts'

export function outOfHoursNotice (lang: Lang, now: Date): string | undefined {
  const resume = workingHoursResume(null, now)
  if (!(resume instanceof Date)) return undefined
  const when = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone: metricTimeZone(), weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(resume)
  return lang === 'en'
    ? `The town hall is closed right now: a member of staff will answer when it reopens (${when}).`
    : `La mairie est fermée en ce moment : une personne vous répondra dès la réouverture (${when}).`
}
