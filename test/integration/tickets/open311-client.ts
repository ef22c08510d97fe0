// Calling the Open311 API as FixMyStreet and other clients do: form-encoded or multipart POSTs,
// XML parsed with a real parser so the documents are checked, not pattern-matched.
import { XMLParser } from 'fast-xml-parser'
import type { TestApp } from '../../helpers/test-app.ts'

const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, isArray: (name) => ['service', 'request', 'attribute', 'value', 'endpoint', 'format', 'error'].includes(name) })

export function parseXml (text: string): Record<string, any> {
  return parser.parse(text, true) as Record<string, any>
}

export type Field = [string, string]
export type FilePart = { field: string, filename: string, contentType: string, data: Buffer }

export function formBody (fields: Field[]): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
}

export function multipartBody (fields: Field[], files: FilePart[] = []): { body: Buffer, contentType: string } {
  const boundary = '----open311test' + Math.random().toString(16).slice(2)
  const chunks: Buffer[] = []
  for (const [k, v] of fields) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.contentType}\r\n\r\n`), f.data, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

export async function postForm (t: TestApp, format: 'json' | 'xml', fields: Field[]) {
  return t.app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody(fields) })
}

export async function postMultipart (t: TestApp, format: 'json' | 'xml', fields: Field[], files: FilePart[] = []) {
  const { body, contentType } = multipartBody(fields, files)
  return t.app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, headers: { 'content-type': contentType }, payload: body })
}

/** Rows that a refused request must not have created. */
export async function storedCounts (t: TestApp) {
  const { db } = t.database
  return { tickets: await db.ticket.count(), citizens: await db.citizen.count(), identities: await db.identity.count(), attachments: await db.attachment.count(), events: await db.ticketEvent.count() }
}
