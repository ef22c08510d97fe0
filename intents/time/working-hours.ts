// Working hours of the town's services (issue 18): the hours people answer a service's queue. A
// service writes its own in OSM `opening_hours` syntax (town file `services[].openingHours`);
// without them it keeps the town hall's (place `mairie`, with its dated closures). The one place
// that says which hours count: the citizen's « a person will reply … », the core's out-of-hours
// notice, the agents' waiting clock and the dashboard's response times all read it.
// Pure, like the rest of intents/time: the caller passes the town data and the instants.
import type { TownPlace, TownService } from '../../src/answerer.ts'
import { calendarOf } from './holidays.ts'
import { createSchedule, type Schedule } from './opening-hours.ts'

export type WorkingHours = {
  schedule: Schedule
  /** True when they are the service's own hours, false when they are the town hall's. */
  ownHours: boolean
  /** The service's name when they are its own hours (« le service État civil »). */
  service?: TownService
}
export type WorkingHoursOptions = { timeZone: string, holidays: string }

/** The town hall: place `mairie`, or the first place of kind `town_hall`. */
export const townHall = (places: TownPlace[]): TownPlace | undefined =>
  places.find(p => p.code === 'mairie') ?? places.find(p => p.kind === 'town_hall')

// One hours object per service object (town data keeps the same objects while cached), so that
// createSchedule's cache by object keeps working.
const serviceHours = new WeakMap<TownService, { openingHours: string, exceptions: [] }>()

/** The hours of `serviceCode` (its own, else the town hall's); null when neither has readable hours. */
export function workingHoursOf (serviceCode: string | null | undefined, town: { services: TownService[], places: TownPlace[] }, options: WorkingHoursOptions): WorkingHours | null {
  const scheduleOptions = { timeZone: options.timeZone, holidays: calendarOf(options.holidays) }
  const service = serviceCode ? town.services.find(s => s.code === serviceCode) : undefined
  if (service !== undefined && service.openingHours.trim() !== '') {
    let hours = serviceHours.get(service)
    if (hours === undefined) serviceHours.set(service, hours = { openingHours: service.openingHours, exceptions: [] })
    const schedule = createSchedule(hours, scheduleOptions)
    if (schedule !== null) return { schedule, ownHours: true, service }
  }
  const hall = townHall(town.places)
  const schedule = hall === undefined ? null : createSchedule(hall, scheduleOptions)
  return schedule === null ? null : { schedule, ownHours: false }
}

/** Seconds between two instants inside the hours; every second counts when no hours are known. */
export const workingSecondsBetween = (hours: WorkingHours | null, from: Date, to: Date): number =>
  hours === null ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : hours.schedule.openSecondsBetween(from, to)

/** When people are back at work after `at`: 'open' when they are now, null when unknown (no hours, or none within a year). */
export const workResumesAt = (hours: WorkingHours | null, at: Date): Date | 'open' | null =>
  hours === null ? null : hours.schedule.isOpenAt(at) ? 'open' : hours.schedule.nextOpening(at)
