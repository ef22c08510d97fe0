import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseIncomingMessage } from '../../../../channels/twilio/parse-webhook.ts'
import type { TwilioParams } from '../../../../channels/twilio/params.ts'

const fixture = (name: string) => JSON.parse(fs.readFileSync(new URL(`../../../fixtures/twilio/${name}.json`, import.meta.url), 'utf8')) as Record<string, string>
const config = { accountSid: 'AC' + 'a1'.repeat(16), smsFrom: '+33757000001', whatsappFrom: '+33757000002', messagingServiceSid: undefined }
const code = (fn: () => unknown) => { try { fn(); return undefined } catch (error) { return (error as { code?: string }).code } }

describe('parseIncomingMessage', () => {
  it('reads an SMS: the MessageSid is the dedupe key, the sender a phone identity in E.164', () => {
    const { message, media } = parseIncomingMessage(fixture('sms-incoming'), config)
    expect(message).toMatchObject({
      channel: 'twilio', externalId: 'SM0f1e2d3c4b5a69788796a5b4c3d2e1f0', from: { kind: 'phone', value: '+33612345678' },
      text: 'Bonjour, à quelle heure ouvre la mairie ?', meta: { via: 'sms', numSegments: 1 },
    })
    expect(message.location).toBeUndefined()
    expect(media).toEqual([])
  })

  it('reads a WhatsApp shared location into the message location', () => {
    const { message } = parseIncomingMessage(fixture('whatsapp-location'), config)
    expect(message.from).toEqual({ kind: 'whatsapp', value: '+33612345678' })
    expect(message.location).toEqual({ latitude: 47.394144, longitude: 0.6848, address: 'Place Jean Jaurès, 37000 Tours' })
    expect(message.meta).toMatchObject({ via: 'whatsapp', profileName: 'Camille' })
  })

  it('lists WhatsApp photos to fetch with their declared type', () => {
    const { message, media } = parseIncomingMessage(fixture('whatsapp-photo'), config)
    expect(message.text).toBe('Dépôt sauvage devant l\'école')
    expect(media).toEqual([{ index: 0, contentType: 'image/jpeg', url: fixture('whatsapp-photo').MediaUrl0 }])
  })

  it('accepts any number of the configured Messaging Service, and refuses it without the service', () => {
    const payload = fixture('messaging-service-sms')
    expect(code(() => parseIncomingMessage(payload, config))).toBe('validation_failed')
    const { message } = parseIncomingMessage(payload, { ...config, smsFrom: undefined, messagingServiceSid: 'MG' + 'b2'.repeat(16) })
    expect(message.from).toEqual({ kind: 'phone', value: '+33699887766' })
  })

  it('refuses payloads of another account, without a MessageSid, or with an impossible position', () => {
    const sms = fixture('sms-incoming')
    expect(code(() => parseIncomingMessage({ ...sms, AccountSid: 'AC' + '0'.repeat(32) }, config))).toBe('forbidden')
    expect(code(() => parseIncomingMessage({ ...sms, MessageSid: undefined, SmsMessageSid: undefined } as TwilioParams, config))).toBe('validation_failed')
    expect(code(() => parseIncomingMessage({ ...fixture('whatsapp-location'), Latitude: '123' }, config))).toBe('validation_failed')
    expect(code(() => parseIncomingMessage({ ...sms, From: 'not a number' }, config))).toBe('validation_failed')
  })

  it('reads repeated form keys (arrays) by their first value', () => {
    const sms = fixture('sms-incoming')
    const { message } = parseIncomingMessage({ ...sms, Body: ['premier', 'second'] }, config)
    expect(message.text).toBe('premier')
  })
})
