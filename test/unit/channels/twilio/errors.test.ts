import { describe, expect, it } from 'vitest'
import twilio from 'twilio'
import { classifyTwilioError } from '../../../../channels/twilio/errors.ts'

const rest = (status: number, code?: number, message = 'error') => new twilio.RestException({ statusCode: status, body: { status, code, message } })

describe('classifyTwilioError', () => {
  it('gives up on errors no retry can fix: invalid number, unsubscribed recipient, WhatsApp window', () => {
    for (const code of [21211, 21610, 21614, 63016]) {
      const error = classifyTwilioError(rest(400, code))
      expect(error.retryable, String(code)).toBe(false)
      expect(error.message).toContain(String(code))
    }
  })

  it('retries rate limits, Twilio outages and network failures', () => {
    expect(classifyTwilioError(rest(429, 20429)).retryable).toBe(true)
    expect(classifyTwilioError(rest(503, 20503)).retryable).toBe(true)
    expect(classifyTwilioError(rest(500)).retryable).toBe(true)
    expect(classifyTwilioError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).retryable).toBe(true)
  })

  it('keeps citizens\' numbers out of the error it reports', () => {
    const error = classifyTwilioError(rest(400, 21999, "The 'To' number +33 6 12 34 56 78 is not reachable"))
    expect(error.message).not.toMatch(/12 34/)
    expect(error.message).toContain('21999')
  })

  it('does not retry other client errors (bad credentials, bad request)', () => {
    expect(classifyTwilioError(rest(401, 20003)).retryable).toBe(false)
    expect(classifyTwilioError(rest(400, 21602)).retryable).toBe(false)
  })
})
