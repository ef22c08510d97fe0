// Checking a parsed document field by field: every problem is kept with its path
// (places[2].openingHours), so that one answer lists them all and YAML can name their lines.
import type { Bilingual } from './town-file.ts'

export type Segment = string | number
export type ValidationIssue = { path: string, message: string, line?: number }

export class TownFileInvalid extends Error {
  override name = 'TownFileInvalid'
  constructor (readonly issues: ValidationIssue[]) {
    super(`The town file is not valid: ${issues.slice(0, 3).map(formatIssue).join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`)
  }
}

export const formatIssue = (i: ValidationIssue) => `${i.line !== undefined ? `line ${i.line}, ` : ''}${i.path || '(document)'}: ${i.message}`
export const pathText = (at: Segment[]) => at.reduce<string>((s, k) => typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k, '')

export type Obj = Record<string, unknown>
export type Opt = { required?: boolean, max?: number, pattern?: RegExp, patternText?: string }

/** Collects every problem of one document with its path. */
export class Checker {
  readonly issues: ValidationIssue[] = []
  fail (at: Segment[], message: string): undefined {
    if (this.issues.length < 200) this.issues.push({ path: pathText(at), message })
    return undefined
  }

  object (value: unknown, at: Segment[], keys: string[]): Obj | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.fail(at, 'must be an object')
    for (const key of Object.keys(value)) if (!keys.includes(key)) this.fail([...at, key], `unknown field (expected one of: ${keys.join(', ')})`)
    return value as Obj
  }

  list (value: unknown, at: Segment[], required = false): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.fail(at, 'is required (a list)')
      return []
    }
    if (!Array.isArray(value)) { this.fail(at, 'must be a list'); return [] }
    return value
  }

  string (o: Obj, key: string, at: Segment[], opt: Opt = {}): string | null {
    const value = o[key]
    if (value === undefined || value === null || value === '') {
      if (opt.required) this.fail([...at, key], 'is required')
      return null
    }
    if (typeof value === 'number' && !opt.pattern) return String(value) // a phone written without quotes
    if (typeof value !== 'string') return this.fail([...at, key], 'must be a text') ?? null
    const text = value.trim()
    if (text.length > (opt.max ?? 2000)) this.fail([...at, key], `is longer than ${opt.max ?? 2000} characters`)
    if (opt.pattern && !opt.pattern.test(text)) this.fail([...at, key], `must be ${opt.patternText ?? `like ${opt.pattern}`} (got "${text.slice(0, 40)}")`)
    return text
  }

  required (o: Obj, key: string, at: Segment[], opt: Opt = {}): string {
    return this.string(o, key, at, { ...opt, required: true }) ?? ''
  }

  strings (o: Obj, key: string, at: Segment[], max = 200): string[] {
    const value = o[key]
    if (typeof value === 'string') return value.split(',').map(s => s.trim()).filter(Boolean)
    return this.list(value, [...at, key]).flatMap((v, i) => {
      if (typeof v !== 'string' || v.trim() === '') return this.fail([...at, key, i], 'must be a non-empty text') ?? []
      if (v.length > max) return this.fail([...at, key, i], `is longer than ${max} characters`) ?? []
      return [v.trim()]
    })
  }

  boolean (o: Obj, key: string, at: Segment[], fallback: boolean): boolean {
    const value = o[key]
    if (value === undefined || value === null) return fallback
    if (typeof value !== 'boolean') this.fail([...at, key], 'must be true or false')
    return value === true
  }

  bilingual (o: Obj, key: string, at: Segment[], required: boolean, max = 2000): Bilingual | null {
    const value = o[key]
    if (value === undefined || value === null) {
      if (required) this.fail([...at, key], 'is required ({ fr, en })')
      return null
    }
    const b = this.object(value, [...at, key], ['fr', 'en'])
    if (!b) return null
    const fr = this.required(b, 'fr', [...at, key], { max })
    const en = this.string(b, 'en', [...at, key], { max }) ?? fr
    return { fr, en }
  }

  unique (items: { key: string, at: Segment[] }[], what: string) {
    const seen = new Set<string>()
    for (const { key, at } of items) {
      if (seen.has(key)) this.fail(at, `duplicate ${what} "${key}"`)
      seen.add(key)
    }
  }
}

