// A stand-in for Twilio: its REST API (Messages.json, media files) as a local fastify server the
// official SDK reaches through TWILIO_API_URL, and its webhook side (form posts signed exactly as
// Twilio signs them). Records every request; can fail the next sends.
import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import formbody from '@fastify/formbody'
import twilio from 'twilio'

export const TEST_ACCOUNT_SID = 'AC' + 'a1'.repeat(16)
export const TEST_AUTH_TOKEN = 'test-auth-token-0123456789'
export const TEST_PUBLIC_URL = 'https://mairie.example.org'
export const TEST_SMS_FROM = '+33757000001'
export const TEST_WHATSAPP_FROM = '+33757000002'
export const TEST_SERVICE_SID = 'MG' + 'b2'.repeat(16)

export type SentRequest = { accountSid: string, authorization: string, params: Record<string, string> }
type Failure = { status: number, code?: number, message?: string }

export type TwilioStandIn = {
  url: string
  sent: SentRequest[]
  /** Queries of the Messages list (the check after a stop during a send). */
  listRequests: Record<string, string>[]
  mediaRequests: { path: string, authorization: string | undefined }[]
  /** The next `times` sends answer this error. status 0 = drop the connection. */
  failNext (times: number, failure: Failure): void
  /** Serves bytes at a Twilio-shaped media URL and returns that URL; `redirect` answers it as Twilio does, 307 to its storage. */
  addMedia (contentType: string, data: Buffer, options?: { redirect?: boolean }): string
  close (): Promise<void>
}

export const newSid = (prefix: string) => prefix + randomBytes(16).toString('hex')

export async function startTwilioApi (): Promise<TwilioStandIn> {
  const app: FastifyInstance = Fastify({ logger: false })
  await app.register(formbody)
  const sent: SentRequest[] = []
  const created: { sid: string, to: string, from: string | null, body: string }[] = []
  const listRequests: Record<string, string>[] = []
  const mediaRequests: TwilioStandIn['mediaRequests'] = []
  const failures: Failure[] = []
  const media = new Map<string, { contentType: string, data: Buffer, redirect?: boolean }>()
  const expectedAuth = 'Basic ' + Buffer.from(`${TEST_ACCOUNT_SID}:${TEST_AUTH_TOKEN}`).toString('base64')

  app.post<{ Params: { sid: string } }>('/2010-04-01/Accounts/:sid/Messages.json', async (request, reply) => {
    if (request.headers.authorization !== expectedAuth) return reply.code(401).send({ code: 20003, message: 'Authenticate', status: 401 })
    const params = request.body as Record<string, string>
    const failure = failures.shift()
    if (failure?.status === 0) { request.raw.socket.destroy(); return reply }
    sent.push({ accountSid: request.params.sid, authorization: request.headers.authorization, params })
    if (failure) {
      return reply.code(failure.status).send({ code: failure.code, message: failure.message ?? 'error', more_info: `https://www.twilio.com/docs/errors/${failure.code}`, status: failure.status })
    }
    const now = new Date().toUTCString()
    const message = {
      sid: newSid('SM'), account_sid: request.params.sid, to: params.To, from: params.From ?? null, messaging_service_sid: params.MessagingServiceSid ?? null,
      body: params.Body ?? '', status: 'queued', num_segments: '1', num_media: '0', direction: 'outbound-api', api_version: '2010-04-01',
      date_created: now, date_updated: now, date_sent: null, error_code: null, error_message: null, price: null, price_unit: 'EUR', uri: '', subresource_uris: {},
    }
    created.unshift(message)
    return reply.code(201).send(message)
  })

  // The Messages list, newest first, filtered by To and From as Twilio does (one page).
  app.get<{ Params: { sid: string }, Querystring: Record<string, string> }>('/2010-04-01/Accounts/:sid/Messages.json', async (request, reply) => {
    if (request.headers.authorization !== expectedAuth) return reply.code(401).send({ code: 20003, message: 'Authenticate', status: 401 })
    listRequests.push(request.query)
    const { To, From } = request.query
    const messages = created.filter(m => (!To || m.to === To) && (!From || m.from === From)).slice(0, Number(request.query.PageSize ?? 50))
    return { messages, page: 0, page_size: messages.length, start: 0, end: Math.max(0, messages.length - 1), first_page_uri: request.url, next_page_uri: null, previous_page_uri: null, uri: request.url }
  })

  app.get('/2010-04-01/Accounts/:sid/Messages/:messageSid/Media/:mediaSid', async (request, reply) => {
    mediaRequests.push({ path: request.url, authorization: request.headers.authorization })
    if (request.headers.authorization !== expectedAuth) return reply.code(401).send({ code: 20003, status: 401 })
    const item = media.get(request.url)
    if (!item) return reply.code(404).send({ code: 20404, status: 404 })
    if (item.redirect) return reply.redirect(`/media-storage${request.url}?Signature=signed`, 307)
    return reply.type(item.contentType).send(item.data)
  })

  app.get('/media-storage/*', async (request, reply) => {
    mediaRequests.push({ path: request.url, authorization: request.headers.authorization })
    const item = media.get(request.url.replace(/^\/media-storage/, '').split('?')[0])
    if (!item) return reply.code(404).send('not found')
    return reply.type(item.contentType).send(item.data)
  })

  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    url,
    sent,
    listRequests,
    mediaRequests,
    failNext (times, failure) { for (let i = 0; i < times; i++) failures.push(failure) },
    addMedia (contentType, data, options) {
      const path = `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages/${newSid('MM')}/Media/${newSid('ME')}`
      media.set(path, { contentType, data, redirect: options?.redirect })
      return url + path
    },
    close: () => app.close(),
  }
}

/** The TWILIO_* environment of a town using this stand-in. */
export function twilioEnv (api: TwilioStandIn, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    TWILIO_SMS_FROM: TEST_SMS_FROM,
    TWILIO_WHATSAPP_FROM: TEST_WHATSAPP_FROM,
    TWILIO_API_URL: api.url,
    ...extra,
  }
}

/** What Twilio posts for an incoming SMS/WhatsApp (https://www.twilio.com/docs/messaging/guides/webhook-request). */
export function incomingSms (from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = newSid('SM')
  return {
    ToCountry: 'FR', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, To: TEST_SMS_FROM,
    NumSegments: '1', MessageSid: sid, AccountSid: TEST_ACCOUNT_SID, From: from, ApiVersion: '2010-04-01', FromCountry: 'FR', ...extra,
  }
}

export function incomingWhatsapp (from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  return incomingSms(`whatsapp:${from}`, body, { To: `whatsapp:${TEST_WHATSAPP_FROM}`, ProfileName: 'Camille', WaId: from.replace('+', ''), ...extra })
}

/** X-Twilio-Signature as Twilio computes it, for the URL it was configured with. */
export function twilioSignature (path: string, params: Record<string, string>, authToken = TEST_AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(authToken, TEST_PUBLIC_URL + path, params)
}

type Injectable = { inject (options: { method: 'POST', url: string, headers: Record<string, string>, payload: string }): Promise<{ statusCode: number, body: string, headers: Record<string, unknown> }> }

/** Posts like Twilio does: form-encoded, signed (or with the signature given). */
export function postFromTwilio (app: Injectable, path: string, params: Record<string, string>, signature: string | null = twilioSignature(path, params)) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (signature !== null) headers['x-twilio-signature'] = signature
  return app.inject({ method: 'POST', url: path, headers, payload: new URLSearchParams(params).toString() })
}
