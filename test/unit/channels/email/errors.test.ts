import { describe, expect, it } from 'vitest'
import { classifySmtpError } from '../../../../channels/email/errors.ts'

describe('SMTP failures for the outbox', () => {
  const cases: [string, unknown, boolean][] = [
    ['451 try again later', { code: 'EMESSAGE', responseCode: 451 }, true],
    ['421 service not available', { code: 'EENVELOPE', responseCode: 421 }, true],
    ['550 mailbox unavailable', { code: 'EENVELOPE', responseCode: 550 }, false],
    ['554 rejected as spam', { code: 'EMESSAGE', responseCode: 554 }, false],
    ['connection refused', { code: 'ESOCKET' }, true],
    ['connection timeout', { code: 'ETIMEDOUT' }, true],
    ['authentication refused', { code: 'EAUTH', responseCode: 535 }, false],
    ['an unknown throw', new Error('boom'), true],
  ]
  for (const [name, error, retryable] of cases) {
    it(`${retryable ? 'retries' : 'gives up on'} ${name}`, () => {
      const classified = classifySmtpError(error)
      expect(classified.retryable).toBe(retryable)
      expect(classified.message).toMatch(/^SMTP send failed/)
    })
  }
})
