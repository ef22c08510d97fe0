import { describe, expect, it } from 'vitest'
import { composeMail, replySubject } from '../../../../channels/email/compose-mail.ts'
import type { OutboundMessage } from '../../../../src/core/channel.ts'

const SETTINGS = { mailFrom: 'Mairie de Belleville <mairie@ville.example>', fromAddress: 'mairie@ville.example', signature: 'Mairie de Belleville\n1 place de la Mairie' }

function outbound (over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    outboxId: 'ob1', messageId: 7, conversationId: 'c1', to: { kind: 'email', value: 'jeanne@citoyen.example' },
    text: 'Bonjour ! Nous sommes ouverts de 9 h à 17 h.', author: 'bot', createdAt: new Date(), lang: 'fr',
    replyReference: { messageId: '<c2@citoyen.example>', references: ['<c1@citoyen.example>', '<ob0@ville.example>'], subject: 'Horaires' },
    ...over,
  }
}

describe('composing an answer email', () => {
  it('threads on the citizen\'s last mail and keeps the thread\'s references', () => {
    const mail = composeMail(outbound(), SETTINGS)
    expect(mail.inReplyTo).toBe('<c2@citoyen.example>')
    expect(mail.references).toEqual(['<c1@citoyen.example>', '<ob0@ville.example>', '<c2@citoyen.example>'])
    expect(mail.subject).toBe('Re: Horaires')
    expect(mail.messageId).toBe('<ob1@ville.example>')
  })

  it('marks the assistant\'s answers as automatic, but not an agent\'s', () => {
    expect(composeMail(outbound(), SETTINGS).headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'X-Loop': 'mairie@ville.example' })
    const agent = composeMail(outbound({ author: 'agent' }), SETTINGS).headers
    expect(agent['Auto-Submitted']).toBeUndefined()
    expect(agent['X-Loop']).toBe('mairie@ville.example')
    expect(composeMail(outbound({ author: 'system' }), SETTINGS).headers['Auto-Submitted']).toBe('auto-generated')
  })

  it('escapes the text in the HTML part and signs both parts', () => {
    const mail = composeMail(outbound({ text: 'Vous avez écrit : <script>alert("x")</script> & co\n\nÀ bientôt', author: 'agent' }), SETTINGS)
    expect(mail.html).not.toContain('<script>')
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co')
    expect(mail.html).toContain('Mairie de Belleville<br>1 place de la Mairie')
    expect(mail.text).toBe('Vous avez écrit : <script>alert("x")</script> & co\n\nÀ bientôt\n\n-- \nMairie de Belleville\n1 place de la Mairie\n')
  })

  it('puts the ticket reference in the subject once', () => {
    expect(replySubject('Nid de poule', 'DEM-2026-00042', 'fr')).toBe('Re: Nid de poule [DEM-2026-00042]')
    expect(replySubject('RE: Re: Nid de poule [DEM-2026-00042]', 'DEM-2026-00042', 'fr')).toBe('Re: Nid de poule [DEM-2026-00042]')
    expect(replySubject(undefined, undefined, 'en')).toBe('Re: Your message to the town hall')
    expect(replySubject('a\r\nBcc: x@y', undefined, 'fr')).toBe('Re: a Bcc: x@y')
  })

  it('starts a new thread when there is no citizen mail to answer (a ticket update to an address)', () => {
    const mail = composeMail(outbound({ replyReference: undefined, subject: undefined, ticketReference: 'DEM-2026-00001' }), SETTINGS)
    expect(mail.inReplyTo).toBeUndefined()
    expect(mail.references).toBeUndefined()
    expect(mail.subject).toBe('Re: Votre message à la mairie [DEM-2026-00001]')
  })
})
