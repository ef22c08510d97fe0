// MMS and WhatsApp media: fetched with the account's credentials, and only from Twilio's API host
// (or TWILIO_API_URL). Payload URLs are citizen-controlled input in the end: never fetch anything
// else (STYLE.md §3.6, Chatwoot keeps Twilio media to twilio.com).
import type { InboundAttachment } from '../../src/core/channel.ts'
import type { TwilioConfig } from './config.ts'
import type { MediaRef } from './parse-webhook.ts'

export const MAX_MEDIA_BYTES = 5 * 1024 * 1024
const FETCH_TIMEOUT_MS = 10_000
const ACCEPTED_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf',
}
const TWILIO_API = 'https://api.twilio.com'
// Twilio answers a media URL with a redirect to its own storage; only these hosts are followed, without credentials.
const REDIRECT_HOSTS = [/\.twilio\.com$/i, /\.twiliocdn\.com$/i]

export type RefusedMedia = { index: number, contentType: string, reason: 'type' | 'size' | 'host' | 'fetch_failed' }
export type FetchedMedia = { attachments: InboundAttachment[], refused: RefusedMedia[] }

type MediaConfig = Pick<TwilioConfig, 'accountSid' | 'authToken' | 'apiUrl'>

export async function fetchMedia (media: MediaRef[], config: MediaConfig, fetchImpl: typeof fetch = fetch): Promise<FetchedMedia> {
  const attachments: InboundAttachment[] = []
  const refused: RefusedMedia[] = []
  const apiOrigin = new URL(config.apiUrl ?? TWILIO_API).origin
  for (const item of media) {
    const extension = ACCEPTED_TYPES[item.contentType]
    if (!extension) { refused.push({ index: item.index, contentType: item.contentType, reason: 'type' }); continue }
    if (!isOrigin(item.url, apiOrigin)) { refused.push({ index: item.index, contentType: item.contentType, reason: 'host' }); continue }
    const outcome = await download(item.url, config, apiOrigin, fetchImpl)
    if (outcome === 'size' || outcome === 'host' || outcome === 'fetch_failed') {
      refused.push({ index: item.index, contentType: item.contentType, reason: outcome })
      continue
    }
    attachments.push({ filename: `media-${item.index}.${extension}`, contentType: item.contentType, data: outcome, sourceUrl: item.url })
  }
  return { attachments, refused }
}

async function download (url: string, config: MediaConfig, apiOrigin: string, fetchImpl: typeof fetch): Promise<Buffer | 'size' | 'host' | 'fetch_failed'> {
  const auth = 'Basic ' + Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')
  try {
    let response = await fetchImpl(url, { headers: { authorization: auth }, redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location')
      const target = location ? new URL(location, url) : undefined
      if (!target || !(isOrigin(target.href, apiOrigin) || (target.protocol === 'https:' && REDIRECT_HOSTS.some(h => h.test(target.hostname))))) return 'host'
      response = await fetchImpl(target, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
    }
    if (!response.ok || !response.body) return 'fetch_failed'
    if (Number(response.headers.get('content-length') ?? 0) > MAX_MEDIA_BYTES) return 'size'
    return await readLimited(response.body, MAX_MEDIA_BYTES)
  } catch {
    // Timeouts and network errors: the message is still stored, the refusal is recorded in its meta.
    return 'fetch_failed'
  }
}

async function readLimited (body: ReadableStream<Uint8Array>, limit: number): Promise<Buffer | 'size'> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length
    if (size > limit) return 'size'
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

function isOrigin (url: string, origin: string): boolean {
  try { return new URL(url).origin === origin } catch { return false }
}
