import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseStatusCallback } from '../../../../channels/twilio/parse-status.ts'

const undelivered = JSON.parse(fs.readFileSync(new URL('../../../fixtures/twilio/status-undelivered.json', import.meta.url), 'utf8')) as Record<string, string>

describe('parseStatusCallback', () => {
  it('keeps Twilio\'s error code and message on an undelivered SMS', () => {
    expect(parseStatusCallback(undelivered)).toEqual({
      providerMessageId: 'SM4d5e6f708192a3b4c5d6e7f8091a2b3c', status: 'undelivered', errorCode: '30005', errorMessage: 'Unknown destination handset',
    })
  })

  it('maps Twilio\'s statuses onto delivery states and ignores ones that say nothing about delivery', () => {
    const of = (MessageStatus: string) => parseStatusCallback({ MessageSid: undelivered.MessageSid, MessageStatus })?.status
    expect(['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'canceled'].map(of))
      .toEqual(['queued', 'queued', 'queued', 'sent', 'delivered', 'read', 'failed', 'failed'])
    expect(of('receiving')).toBeUndefined()
  })

  it('refuses a callback without a well-formed MessageSid or status', () => {
    expect(() => parseStatusCallback({ MessageStatus: 'sent' })).toThrow(/MessageSid/)
    expect(() => parseStatusCallback({ MessageSid: 'SM../../x', MessageStatus: 'sent' })).toThrow(/MessageSid/)
    expect(() => parseStatusCallback({ MessageSid: undelivered.MessageSid })).toThrow(/MessageStatus/)
  })
})
