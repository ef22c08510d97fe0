// Issue 20: a broadcast by email is bulk mail with a one-click unsubscribe (RFC 8058), and the
// link's token cannot be forged or pointed at someone else.
import { describe, expect, it } from 'vitest'
import { composeMail } from '../../../channels/email/compose-mail.ts'
import type { OutboundMessage } from '../../../src/core/channel.ts'
import { readUnsubscribeToken, unsubscribeToken } from '../../../src/alerts/unsubscribe-token.ts'
import { selectAudience, zoneMatches, type Subscriber } from '../../../src/alerts/audience.ts'

const SETTINGS = { mailFrom: 'Mairie <mairie@ville.example>', fromAddress: 'mairie@ville.example', signature: 'Mairie' }
const URL = 'https://mairie.example.org/alerts/unsubscribe?t=abc.def'

function outbound (over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    outboxId: 'ob1', messageId: 7, conversationId: 'c1', to: { kind: 'email', value: 'jeanne@citoyen.example' }, text: '[Travaux] Rue fermée', author: 'bot', createdAt: new Date(), lang: 'fr',
    replyReference: { messageId: '<c2@citoyen.example>', subject: 'Horaires' }, ...over,
  }
}

describe('a broadcast by email', () => {
  it('carries List-Unsubscribe, List-Unsubscribe-Post one-click and Precedence: bulk, under its own subject', () => {
    const mail = composeMail(outbound({ bulk: { subject: 'Alerte Travaux – Belleville', unsubscribeUrl: URL } }), SETTINGS)
    expect(mail.headers).toMatchObject({
      'List-Unsubscribe': `<${URL}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', Precedence: 'bulk', 'Auto-Submitted': 'auto-generated',
    })
    expect(mail.subject).toBe('Alerte Travaux – Belleville')
    expect(mail.inReplyTo).toBeUndefined()
  })

  it('is an ordinary answer mail otherwise', () => {
    const mail = composeMail(outbound(), SETTINGS)
    expect(mail.headers['List-Unsubscribe']).toBeUndefined()
    expect(mail.headers.Precedence).toBeUndefined()
  })
})

describe('unsubscribe tokens', () => {
  it('name the identity and the topic, and refuse any change', () => {
    const token = unsubscribeToken('secret-1', 'identity-42', 'roadworks')
    expect(readUnsubscribeToken('secret-1', token)).toEqual({ identityId: 'identity-42', topic: 'roadworks' })
    expect(readUnsubscribeToken('secret-2', token)).toBeUndefined()
    const [, signature] = token.split('.')
    const other = Buffer.from('identity-43 roadworks').toString('base64url')
    expect(readUnsubscribeToken('secret-1', `${other}.${signature}`)).toBeUndefined()
    expect(readUnsubscribeToken('secret-1', 'garbage')).toBeUndefined()
  })
})

describe('the audience rules', () => {
  const base: Subscriber = { identityId: 'i', citizenId: 'c', kind: 'phone', value: '+33600000000', lang: 'fr', zone: null, optedOut: false, consented: true, lastInboundAt: null }
  const rules = { urgent: false, sendAt: new Date('2026-12-06T12:00:00Z'), timeZone: 'Europe/Paris', quietHours: { start: 22, end: 8 }, reaches: () => true as const }

  it('matches zones loosely, accents and case aside', () => {
    expect(zoneMatches('Rue des Lilas', 'rue des lilas')).toBe(true)
    expect(zoneMatches('rue des Lilas', 'Rue des Roses')).toBe(false)
    expect(zoneMatches(null, 'Rue des Roses')).toBe(true)
    expect(zoneMatches('Quartier Saint-Éloi', 'quartier saint eloi')).toBe(true)
  })

  it('holds texts for the morning at night unless urgent, but not mail or chat', () => {
    const night = { ...rules, sendAt: new Date('2026-12-06T23:30:00Z') }
    const subscribers = [base, { ...base, identityId: 'j', kind: 'email' as const, value: 'a@b.c' }]
    const held = selectAudience(subscribers, night)
    expect(held.held).toEqual({ quiet_hours: 1 })
    expect(held.recipients.find(r => r.kind === 'phone')!.heldUntil!.toISOString()).toBe('2026-12-07T07:00:00.000Z')
    expect(selectAudience(subscribers, { ...night, urgent: true }).held).toEqual({})
  })
})
