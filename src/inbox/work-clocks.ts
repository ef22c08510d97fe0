// The waiting clock and the response-time figures count each queue's working hours (issue 18):
// the service's own hours, else the town hall's, as intents/time/working-hours.ts decides for
// the citizen's « a person will reply … » too. Given to src/metrics at start (the core, which
// must not import intents/, reads them there).
import type { TownDataStore } from '../town/town-data.ts'
import type { WorkClock } from '../metrics/metric-events.ts'
import { workingHoursOf, workingSecondsBetween, workResumesAt } from '../../intents/time/working-hours.ts'

export async function loadWorkClocks (town: TownDataStore, timeZone: string): Promise<(serviceCode: string | null) => WorkClock | null> {
  const [places, services] = await Promise.all([town.places(), town.services()])
  const options = { timeZone, holidays: town.settings.holidays }
  const clocks = new Map<string | null, WorkClock | null>()
  return serviceCode => {
    if (!clocks.has(serviceCode)) {
      const hours = workingHoursOf(serviceCode, { places, services }, options)
      clocks.set(serviceCode, hours && {
        workingSeconds: (from, to) => workingSecondsBetween(hours, from, to),
        resume: at => workResumesAt(hours, at),
        ownHours: hours.ownHours,
      })
    }
    return clocks.get(serviceCode)!
  }
}
