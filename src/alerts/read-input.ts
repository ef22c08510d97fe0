// Reading managers' JSON bodies for broadcasts and consultations: each field checked, a 400 naming it.
import { AppError } from '../errors.ts'
import { asBody, optionalText, type Body } from '../tickets/read-body.ts'
import type { BroadcastInput } from './broadcaster.ts'

const MAX_TEXT = 1_000

export type Bilingual = { fr: string, en: string }

/** { fr, en }: fr is required, en falls back to fr. */
export function readBilingual (body: Body, field: string, max = MAX_TEXT): Bilingual {
  const value = body[field]
  if (typeof value === 'string') {
    const fr = optionalText(body, field, max)
    if (!fr) throw new AppError('validation_failed', `Field "${field}" is required`)
    return { fr, en: fr }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new AppError('validation_failed', `Field "${field}" must be an object {"fr","en"}`)
  const inner = value as Body
  const fr = optionalText(inner, 'fr', max)
  if (!fr) throw new AppError('validation_failed', `Field "${field}.fr" is required`)
  return { fr, en: optionalText(inner, 'en', max) ?? fr }
}

export function optionalDate (body: Body, field: string): Date | undefined {
  const value = body[field]
  if (value === undefined || value === null || value === '') return undefined
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : undefined
  if (!date || Number.isNaN(date.getTime())) throw new AppError('validation_failed', `Field "${field}" must be an ISO 8601 date, e.g. 2026-12-07T08:00:00+01:00`)
  return date
}

export function optionalBoolean (body: Body, field: string): boolean | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw new AppError('validation_failed', `Field "${field}" must be true or false`)
  return value
}

export function readBroadcastInput (raw: unknown, createdById?: string): BroadcastInput {
  const body = asBody(raw)
  const topic = optionalText(body, 'topic', 40)
  if (!topic) throw new AppError('validation_failed', 'Field "topic" is required')
  const sendAt = optionalDate(body, 'sendAt')
  const endsAt = optionalDate(body, 'endsAt')
  if (endsAt && endsAt <= (sendAt ?? new Date())) throw new AppError('validation_failed', 'Field "endsAt" must be after the sending time')
  return {
    kind: 'alert',
    topic,
    text: readBilingual(body, 'text'),
    urgent: optionalBoolean(body, 'urgent') ?? false,
    sendAt,
    endsAt,
    zone: optionalText(body, 'zone', 200),
    createdById,
  }
}
