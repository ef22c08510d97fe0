// Form bodies in the charset they were written in (issue 17): Java's form encoder defaults to
// ISO-8859-1, so « tombé » arrives as tomb%E9. The charset of the content type is respected;
// without one, UTF-8 is tried and Latin-1 (as browsers do, Windows-1252) taken when the bytes are
// not valid UTF-8. Repeated keys become arrays, as with @fastify/formbody.
import { open311BadRequest } from './errors.ts'

const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii'])

function percentDecode (raw: string): Buffer {
  // raw is the body read as Latin-1: one character per byte, so unescaped bytes survive too.
  const bytes: number[] = []
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(c === 0x2B ? 0x20 : c)
    }
  }
  return Buffer.from(bytes)
}

export function charsetOf (contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')
  return match?.[1].toLowerCase()
}

function decoderFor (charset: string | undefined): (bytes: Buffer) => string {
  const latin1 = new TextDecoder('windows-1252')
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  if (charset && LATIN1.has(charset)) return bytes => latin1.decode(bytes)
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    let decoder: TextDecoder
    try { decoder = new TextDecoder(charset) } catch { throw open311BadRequest(`Unsupported charset ${charset}: send UTF-8 or ISO-8859-1`) }
    return bytes => decoder.decode(bytes)
  }
  return (bytes) => {
    try { return utf8.decode(bytes) } catch { return latin1.decode(bytes) }
  }
}

export function parseForm (body: Buffer, contentType: string | undefined): Record<string, string | string[]> {
  const decode = decoderFor(charsetOf(contentType))
  const result: Record<string, string | string[]> = Object.create(null)
  for (const pair of body.toString('latin1').split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = decode(percentDecode(eq < 0 ? pair : pair.slice(0, eq)))
    const value = decode(percentDecode(eq < 0 ? '' : pair.slice(eq + 1)))
    const existing = result[key]
    if (existing === undefined) result[key] = value
    else if (Array.isArray(existing)) existing.push(value)
    else result[key] = [existing, value]
  }
  return result
}
