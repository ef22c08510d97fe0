// X-Twilio-Signature: an HMAC of the URL Twilio called and the posted parameters with the
// account's auth token. The URL is rebuilt from PUBLIC_URL, because behind a proxy the request's
// own host and scheme are not what Twilio signed (LESSONS.md, Chatwoot #13619 / PR #14125).
import twilio from 'twilio'

export function isSignedByTwilio (input: {
  authToken: string
  publicUrl: string
  /** The request path with its query string, as received. */
  url: string
  params: Record<string, unknown>
  signature: string | undefined
  /** X-Twilio-Webhooks-Signature-Settings (twilio 6 shared-key signatures). */
  signatureSettings?: string
}): boolean {
  if (!input.signature) return false
  const algorithm = twilio.getSignatureAlgorithm(input.signatureSettings)
  return twilio.validateRequest(input.authToken, input.signature, input.publicUrl + input.url, input.params, algorithm)
}
