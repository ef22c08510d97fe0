// Issue 18: a citizen handed to a person outside working hours is told when people are back,
// instead of waiting in silence. The hours are those of the conversation's service (its queue),
// else the town hall's: intents/time/working-hours.ts, read here through src/metrics.
import type { Lang } from '../domain.ts'
import { metricTimeZone, workClockFor } from '../metrics/metric-events.ts'

export function outOfHoursNotice (lang: Lang, now: Date, serviceCode: string | null = null): string | undefined {
  const clock = workClockFor(serviceCode)
  const resume = clock?.resume(now)
  if (!(resume instanceof Date)) return undefined
  const when = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone: metricTimeZone(), weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(resume)
  if (clock?.ownHours) {
    return lang === 'en'
      ? `The department handling your request is closed right now: a member of staff will answer when it reopens (${when}).`
      : `Le service qui traite votre demande est fermé en ce moment : une personne vous répondra dès sa réouverture (${when}).`
  }
  return lang === 'en'
    ? `The town hall is closed right now: a member of staff will answer when it reopens (${when}).`
    : `La mairie est fermée en ce moment : une personne vous répondra dès la réouverture (${when}).`
}
