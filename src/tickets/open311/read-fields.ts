// The fields of an Open311 POST, whatever the body: form-encoded (repeated keys become arrays),
// multipart (fields and uploaded photos), or JSON. An empty parameter counts as absent (spec).
import type { FastifyRequest } from 'fastify'
import type { Multipart } from '@fastify/multipart'
import { open311BadRequest } from './errors.ts'

export type UploadedFile = { filename: string, contentType: string, data: Buffer }
export type PostFields = { fields: Map<string, string[]>, files: UploadedFile[] }

const MAX_FIELD_VALUES = 50

function add (fields: Map<string, string[]>, key: string, value: unknown): void {
  if (Array.isArray(value)) { for (const v of value) add(fields, key, v); return }
  if (value === undefined || value === null) return
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw open311BadRequest(`Parameter ${key} must be text`)
  // PostgreSQL text cannot hold NUL: dropped here rather than failing the insert with a 500.
  const text = String(value).replaceAll('\u0000', '').trim()
  if (text === '') return
  const list = fields.get(key) ?? []
  if (list.length >= MAX_FIELD_VALUES) throw open311BadRequest(`Parameter ${key} is repeated too many times`)
  list.push(text)
  fields.set(key, list)
}

export async function readPostFields (request: FastifyRequest): Promise<PostFields> {
  const fields = new Map<string, string[]>()
  const files: UploadedFile[] = []
  for (const [key, value] of Object.entries(request.query as Record<string, unknown>)) add(fields, key, value)
  if (request.isMultipart()) {
    for await (const part of request.parts() as AsyncIterableIterator<Multipart>) {
      if (part.type === 'file') {
        // toBuffer() throws FST_REQ_FILE_TOO_LARGE past the plugin's fileSize limit: answered 400, nothing stored.
        const data = await part.toBuffer()
        if (data.length) files.push({ filename: part.filename || 'photo', contentType: part.mimetype || 'application/octet-stream', data })
      } else {
        add(fields, part.fieldname, part.value)
      }
    }
  } else if (request.body && typeof request.body === 'object') {
    for (const [key, value] of Object.entries(request.body as Record<string, unknown>)) add(fields, key, value)
  }
  return { fields, files }
}

/** One value of a parameter; a 400 when it was sent more than once. */
export function single (fields: Map<string, string[]>, key: string, max = 1000): string | undefined {
  const values = fields.get(key)
  if (!values?.length) return undefined
  if (values.length > 1) throw open311BadRequest(`Parameter ${key} was sent more than once`)
  if (values[0].length > max) throw open311BadRequest(`Parameter ${key} is longer than ${max} characters`)
  return values[0]
}
