// Issue 16's dialog rules through the real email channel, end to end: the citizen's mails land in a
// real Dovecot mailbox (IMAP APPEND, as a delivery agent drops them), the app reads them over IMAP,
// the real assistant answers, and its replies leave over SMTP to a real smtp-server. The citizen
// answers each reply the way a mail client does (Re: subject, In-Reply-To, References, the previous
// mail quoted below), so the dialog lives on the mail thread. What is asserted is what the
// citizen reads in each reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedMail } from 'mailparser'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { isDovecotInstalled, startDovecot, type Dovecot } from '../../helpers/dovecot.ts'
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts'
import { answersTo, buildMail, emailModule } from '../../helpers/email-harness.ts'

let t: TestApp
let dovecot: Dovecot
let sink: SmtpSink
let n = 0

beforeAll(async () => {
  if (!isDovecotInstalled) return
  dovecot = await startDovecot()
  sink = await startSmtpSink()
  // The real assistant (no answerer given): these tests are about what it says over email.
  t = await buildTestApp({ channels: [emailModule(dovecot, sink).module] })
}, 60_000)
afterAll(async () => {
  await t?.stopAll()
  await sink?.stop()
  await dovecot?.stop()
})

const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ')

/** A citizen writing from a mail client; each `say` answers the town's last reply on the same thread. */
function citizen (name: string, subject: string) {
  const address = `${name.toLowerCase().replace(/\W+/g, '.')}.${++n}@citoyen.example`
  let last: ParsedMail | undefined
  return {
    address,
    async say (text: string): Promise<string> {
      const references = last ? [...[last.references ?? []].flat(), last.messageId!] : undefined
      const quoted = last ? `\n\nLe sam. 5 déc. 2026 à 10:00, Mairie de Belleville <mairie@ville.example> a écrit :\n${last.text!.split('\n').map(l => `> ${l}`).join('\n')}` : ''
      const { raw, messageId } = await buildMail({
        from: `${name} <${address}>`,
        subject: last ? last.subject! : subject,
        text: text + quoted,
        inReplyTo: last?.messageId,
        references,
      })
      await dovecot.deliver(raw)
      const [reply] = await waitFor(() => { const r = answersTo(sink, messageId); return r.length ? r : undefined }, 30_000, `the town's reply to « ${text} »`)
      // One mail per turn on this channel; a second one for the same mail would be a double.
      await t.core.idle()
      expect(answersTo(sink, messageId)).toHaveLength(1)
      expect(reply!.to && 'text' in reply!.to ? reply!.to.text : '').toContain(address)
      last = reply
      return plain(reply!.text!.split(/\n-- \n/)[0]!)
    },
    tickets: async () => t.database.db.ticket.count({ where: { citizen: { identities: { some: { kind: 'email', value: address } } } } }),
  }
}

describe.skipIf(!isDovecotInstalled)('dialog rules through the real email channel (Dovecot IMAP in, SMTP out)', () => {
  it('answers a clear new question in the middle of a report, offers the report back once, and « annuler » drops it in words', async () => {
    const jeanne = citizen('Jeanne Martin', 'Nid de poule')
    const first = await jeanne.say('Bonjour,\n\nIl y a un nid de poule rue Victor-Hugo, devant l\'école.\n\nCordialement,\nJeanne Martin')
    expect(first).toMatch(/Je récapitule.*\(oui \/ non\).*écrivez « annuler »/s)

    const interrupted = await jeanne.say('Quels sont les horaires de la piscine ?')
    expect(interrupted).toMatch(/Piscine municipale/)
    expect(interrupted).toMatch(/On reprend votre signalement .*\? \(oui \/ non\)/)
    expect(interrupted).not.toMatch(/Je récapitule/)

    expect(await jeanne.say('oui')).toMatch(/Je récapitule/)
    const cancelled = await jeanne.say('annuler')
    expect(cancelled).toMatch(/C'est annulé, rien n'a été transmis/)
    expect(await jeanne.tickets()).toBe(0)
  }, 120_000)

  it('does the same in English for a citizen who writes English', async () => {
    const john = citizen('John Smith', 'Street light')
    const first = await john.say('Hello,\n\nThe street light outside 4 rue Pasteur is broken.\n\nBest regards,\nJohn Smith')
    expect(first).toMatch(/To sum up.*\(yes \/ no\).*write "cancel"/s)

    const interrupted = await john.say('What are the opening hours of the swimming pool?')
    expect(interrupted).toMatch(/swimming pool/)
    expect(interrupted).toMatch(/Shall we go back to your report .*\? \(yes \/ no\)/)

    expect(await john.say('cancel')).toMatch(/I am dropping your report: nothing was sent/)
    expect(await john.tickets()).toBe(0)
  }, 120_000)
})
