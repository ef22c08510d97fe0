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

export type RefusedMedia = { index: number, contentType: string, reason: 'type' | 'size' | 'host' | 'fetch_failed' }
export type FetchedMedia = { attachments: InboundAttachment[], refused: RefusedMedia[] }

type MediaConfig = Pick<TwilioConfig, 'accountSid' | 'authToken' | 'apiUrl'>

export async function fetchMedia (media: MediaRef[], config: MediaConfig, fetchImpl: typeof fetch = fetch): Promise<FetchedMedia> {
  const apiOrigin = new URL(config.apiUrl ?? TWILIO_API).origin
  // In parallel: Twilio waits at most 15 s for the webhook's answer.
  const outcomes = await Promise.all(media.map(async item => {
    const extension = ACCEPTED_TYPES[item.contentType]
    if (!extension) return { item, outcome: 'type' as const }
    if (!isOrigin(item.url, apiOrigin)) return { item, outcome: 'host' as const }
    return { item, extension, outcome: await download(item.url, config, fetchImpl) }
  }))
  const attachments: InboundAttachment[] = []
  const refused: RefusedMedia[] = []
  for (const { item, extension, outcome } of outcomes) {
    if (typeof outcome === 'string') refused.push({ index: item.index, contentType: item.contentType, reason: outcome })
    else attachments.push({ filename: `media-${item.index}.${extension}`, contentType: item.contentType, data: outcome, sourceUrl: item.url })
  }
  return { attachments, refused }
}

async function download (url: string, config: MediaConfig, fetchImpl: typeof fetch): Promise<Buffer | 'size' | 'fetch_failed'> {
  const auth = 'Basic ' + Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')
  try {
    let response = await fetchImpl(url, { headers: { authorization: auth }, redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
    if (response.status >= 300 && response.status < 400) {
      // Twilio's authenticated API answers with a redirect to its media storage (a signed, short-lived
      // URL): the target comes from Twilio, not from the payload, and is fetched without credentials.
      const location = response.headers.get('location')
      if (!location) return 'fetch_failed'
      response = await fetchImpl(new URL(location, url), { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
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
