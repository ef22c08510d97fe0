// Open311 GeoReport v2 answers in the spec's two formats. JSON lists are top-level arrays; XML
// wraps them in the spec's plural root with one element per item. Empty (null) fields are left
// out of XML rather than sent as empty elements, which some XML clients read as nested hashes.
import type { FastifyReply } from 'fastify'

export type Open311Format = 'xml' | 'json'
export type Open311Value = string | number | boolean | null | undefined | Open311Value[] | { [key: string]: Open311Value }

// The element name of one item of each list (GeoReport v2 examples).
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  media_urls: 'media_url',
  service_requests_updates: 'request_update',
}

// XML 1.0 forbids most control characters: citizen text carrying them would break the document.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

export function escapeXml (text: string): string {
  return text.replace(INVALID_XML_CHARS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

function element (name: string, value: Open311Value): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item'
    return `<${name}>${value.map(v => element(item, v)).join('')}</${name}>`
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

export function toXml (root: string, value: Open311Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value) || `<${root}></${root}>`}`
}

export function sendOpen311 (reply: FastifyReply, format: Open311Format, root: string, value: Open311Value, status = 200): FastifyReply {
  reply.code(status)
  // Absent fields are left out of JSON as they are of XML: stricter clients refuse null (issue 17).
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(value, (_key, v: unknown) => (v === null ? undefined : v)))
  return reply.type('text/xml; charset=utf-8').send(toXml(root, value))
}

/** "services.json" → ["services", "json"]; undefined when the format is neither xml nor json. */
export function splitFormat (file: string): [string, Open311Format] | undefined {
  const match = /^(.+)\.(xml|json)$/.exec(file)
  return match ? [match[1], match[2] as Open311Format] : undefined
}

/** The format the caller asked for, read from the URL path (errors answer in it too). */
export function formatOfUrl (url: string): Open311Format {
  return url.split('?')[0].endsWith('.json') ? 'json' : 'xml'
}
