// Reading JSON bodies of the agents' API: each field checked, a clear 400 naming the field.
import { AppError } from '../errors.ts'

export type Body = Record<string, unknown>

export function asBody (value: unknown): Body {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AppError('validation_failed', 'The body must be a JSON object')
  return value as Body
}

export function optionalText (body: Body, field: string, max: number): string | undefined {
  const value = body[field]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') throw new AppError('validation_failed', `Field "${field}" must be a string`)
  // PostgreSQL text cannot hold NUL: dropped here rather than failing the insert with a 500.
  const trimmed = value.replaceAll('\u0000', '').trim()
  if (trimmed.length > max) throw new AppError('validation_failed', `Field "${field}" is longer than ${max} characters`)
  return trimmed || undefined
}

export function requiredText (body: Body, field: string, max: number): string {
  const value = optionalText(body, field, max)
  if (!value) throw new AppError('validation_failed', `Field "${field}" is required`)
  return value
}

export function optionalNumber (body: Body, field: string, min: number, max: number): number | undefined {
  const value = body[field]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new AppError('validation_failed', `Field "${field}" must be a number from ${min} to ${max}`)
  }
  return value
}

export function optionalChoice<T extends string> (body: Body, field: string, choices: readonly T[]): T | undefined {
  const value = body[field]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string' || !choices.includes(value as T)) throw new AppError('validation_failed', `Field "${field}" must be one of ${choices.join(', ')}`)
  return value as T
}
