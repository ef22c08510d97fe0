import { describe, expect, it } from 'vitest'
import { readTwilioConfig } from '../../../../channels/twilio/config.ts'

const SID = 'AC' + 'a1'.repeat(16)
const base = { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'token', TWILIO_SMS_FROM: '+33757000001' }

describe('readTwilioConfig', () => {
  it('is off when no TWILIO_ variable is set', () => {
    expect(readTwilioConfig({})).toBeUndefined()
    expect(readTwilioConfig({ TWILIO_SMS_FROM: '' })).toBeUndefined()
  })

  it('names the missing variables when Twilio is partly configured', () => {
    expect(() => readTwilioConfig({ TWILIO_SMS_FROM: '+33757000001' })).toThrow(/TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN/)
    expect(() => readTwilioConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'token' })).toThrow(/TWILIO_SMS_FROM, TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID/)
  })

  it('normalises numbers to E.164 and strips the whatsapp: prefix', () => {
    const config = readTwilioConfig({ ...base, TWILIO_SMS_FROM: '07 57 00 00 01', TWILIO_WHATSAPP_FROM: 'whatsapp:+33757000002' })
    expect(config).toMatchObject({ smsFrom: '+33757000001', whatsappFrom: '+33757000002', maxSegments: 4, whatsappSmsFallback: false })
  })

  it('refuses malformed values with a sentence naming the variable', () => {
    expect(() => readTwilioConfig({ ...base, TWILIO_ACCOUNT_SID: 'XX1' })).toThrow(/TWILIO_ACCOUNT_SID/)
    expect(() => readTwilioConfig({ ...base, TWILIO_MAX_SEGMENTS: '0' })).toThrow(/TWILIO_MAX_SEGMENTS/)
    expect(() => readTwilioConfig({ ...base, TWILIO_API_URL: 'ftp://x/y' })).toThrow(/TWILIO_API_URL/)
    expect(() => readTwilioConfig({ ...base, TWILIO_WHATSAPP_SMS_FALLBACK: 'yes' })).toThrow(/TWILIO_WHATSAPP_SMS_FALLBACK/)
    expect(() => readTwilioConfig({ ...base, TWILIO_WHATSAPP_TEMPLATE_SID: 'HX1' })).toThrow(/TWILIO_WHATSAPP_TEMPLATE_SID/)
  })
})
