// The dashboard's period: two town days, inclusive (YYYY-MM-DD), at most a little over a year.
import { AppError } from '../../errors.ts'
import { townDay } from '../../metrics/metric-events.ts'

export type Period = { from: string, to: string }
const DAY = /^\d{4}-\d{2}-\d{2}$/
const MAX_DAYS = 400

export function parsePeriod (query: Record<string, unknown>, now = new Date()): Period {
  const read = (name: string) => {
    const value = query[name]
    if (value === undefined || value === '') return undefined
    if (typeof value !== 'string' || !DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      throw new AppError('validation_failed', `Parameter "${name}" must be a date YYYY-MM-DD`)
    }
    return value
  }
  const to = read('to') ?? townDay(now)
  const from = read('from') ?? townDay(new Date(Date.parse(`${to}T12:00:00Z`) - 29 * 86_400_000))
  if (from > to) throw new AppError('validation_failed', 'Parameter "from" must not be after "to"')
  if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 > MAX_DAYS) {
    throw new AppError('validation_failed', `The period is at most ${MAX_DAYS} days`)
  }
  return { from, to }
}
