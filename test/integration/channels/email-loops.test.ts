// Never loop, never spam, end to end: automatic mail is stored for agents but never answered,
// and one sender gets at most EMAIL_MAX_AUTO_REPLIES_PER_HOUR answered mails per hour.
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../helpers/test-app.ts'
import { isDovecotInstalled } from '../../helpers/dovecot.ts'
import { buildMail, CITIZEN, GREETING_ANSWER, inbound, MAIRIE, NOTICE, settled, startHarness, stopHarness, type CitizenMail, type Harness } from '../../helpers/email-harness.ts'

describe.skipIf(!isDovecotInstalled)('email channel: loop protection', () => {
  let h: Harness | undefined
  afterEach(async () => { await stopHarness(h); h = undefined })

  it('stores out-of-office replies, lists, bounces and our own mail without ever answering them', async () => {
    h = await startHarness()
    const automatic: CitizenMail[] = [
      { from: 'absent@citoyen.example', subject: 'Réponse automatique : Votre demande', text: 'Je suis absent jusqu’au 5.', headers: { 'Auto-Submitted': 'auto-replied' } },
      { from: 'lettre@asso.example', subject: 'La lettre du mois', text: 'Nouvelles', headers: { 'List-Id': '<lettre.asso.example>', 'List-Unsubscribe': '<mailto:unsub@asso.example>' } },
      { from: 'MAILER-DAEMON@mx.citoyen.example', subject: 'Undelivered Mail Returned to Sender', text: 'This is the mail system.' },
      { from: `Mairie <${MAIRIE}>`, subject: 'Re: Horaires', text: 'Bonjour ! Comment puis-je vous aider ?' },
      { from: 'robot@ailleurs.example', subject: 'Re: Horaires', text: 'bonjour', headers: { 'X-Loop': MAIRIE } },
    ]
    for (const mail of automatic) await h.dovecot.deliver((await buildMail(mail)).raw)
    // A citizen's mail last: mail is read in order, so once it is answered every mail before it was handled.
    const citizen = await buildMail({ from: CITIZEN, text: 'bonjour' })
    await h.dovecot.deliver(citizen.raw)
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the citizen\'s answer')
    await settled(h.t)

    const stored = await inbound(h.t)
    expect(stored.map(m => [m.text, JSON.parse(m.meta!).suppressAutoReply ?? null])).toEqual([
      ['Je suis absent jusqu’au 5.', 'auto_submitted'],
      ['Nouvelles', 'mailing_list'],
      ['This is the mail system.', 'bounce'],
      ['Bonjour ! Comment puis-je vous aider ?', 'own_address'],
      ['bonjour', 'loop'],
      ['bonjour', null],
    ])
    expect(stored.every(m => m.processedAt)).toBe(true)
    // Only the citizen is answered, with one mail (notice + answer); the automatic mails get nothing.
    expect(h.sink.received.map(m => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual([CITIZEN])
    expect(h.sink.received[0]!.inReplyTo).toBe(citizen.messageId)
    expect(h.sink.received[0]!.text).toMatch(NOTICE)
    expect(h.sink.received[0]!.text).toContain(GREETING_ANSWER)
  })

  it('answers one sender at most the configured number of mails per hour', async () => {
    h = await startHarness({ env: { EMAIL_MAX_AUTO_REPLIES_PER_HOUR: '2' } })
    for (const text of ['bonjour', 'bonjour encore', 'bonjour toujours']) {
      await h.dovecot.deliver((await buildMail({ from: CITIZEN, text })).raw)
    }
    const stored = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 3 && m.every(x => x.processedAt) && m }, 20_000, 'three mails handled')
    await settled(h.t)
    expect(stored.map(m => JSON.parse(m.meta!).suppressAutoReply ?? null)).toEqual([null, null, 'rate_limited'])
    // The cap counts answered mails, not mails sent: the first two are answered with one mail each
    // (none refers to an earlier one, so each opens its own conversation and gets the notice), the third gets nothing.
    expect(new Set(stored.map(m => m.conversationId)).size).toBe(3)
    expect(h.sink.received).toHaveLength(2)
    expect(h.sink.received.map(m => m.inReplyTo).sort()).toEqual(stored.slice(0, 2).map(m => m.externalId).sort())
  })
})
