import { describe, expect, it } from 'vitest'
import { autoReplyBlocker, type MailFacts } from '../../../../channels/email/loop-guard.ts'

const OURS = 'mairie@ville.example'
const citizen = (over: Partial<MailFacts> = {}): MailFacts => ({ from: 'jeanne@citoyen.example', subject: 'Horaires', headers: {}, contentType: 'text/plain', ...over })

describe('loop guard: which mail never gets an automatic answer', () => {
  const cases: [string, MailFacts, string | undefined][] = [
    ['an ordinary citizen mail', citizen(), undefined],
    ['Auto-Submitted: no (sent by a person)', citizen({ headers: { 'auto-submitted': 'no' } }), undefined],
    ['Auto-Submitted: auto-replied', citizen({ headers: { 'auto-submitted': 'auto-replied' } }), 'auto_submitted'],
    ['Auto-Submitted: auto-generated', citizen({ headers: { 'auto-submitted': 'Auto-Generated' } }), 'auto_submitted'],
    ['Precedence: bulk', citizen({ headers: { precedence: 'bulk' } }), 'precedence'],
    ['Precedence: list', citizen({ headers: { precedence: 'list' } }), 'precedence'],
    ['Precedence: junk', citizen({ headers: { precedence: 'junk' } }), 'precedence'],
    ['List-Id', citizen({ headers: { 'list-id': '<news.example>' } }), 'mailing_list'],
    ['List-Unsubscribe', citizen({ headers: { 'list-unsubscribe': '<mailto:u@x>' } }), 'mailing_list'],
    ['a bounce from MAILER-DAEMON', citizen({ from: 'mailer-daemon@mx.example' }), 'bounce'],
    ['a bounce from postmaster', citizen({ from: 'postmaster@mx.example' }), 'bounce'],
    ['a delivery report (multipart/report)', citizen({ contentType: 'multipart/report' }), 'bounce'],
    ['a null return path', citizen({ headers: { 'return-path': '<>' } }), 'bounce'],
    ['X-Loop with our address', citizen({ headers: { 'x-loop': 'Mairie@Ville.example' } }), 'loop'],
    ['X-Loop with someone else\'s address', citizen({ headers: { 'x-loop': 'other@x.example' } }), undefined],
    ['our own address', citizen({ from: OURS }), 'own_address'],
    ['X-Autoreply', citizen({ headers: { 'x-autoreply': 'yes' } }), 'auto_reply'],
    ['X-Autorespond', citizen({ headers: { 'x-autorespond': 'x' } }), 'auto_reply'],
    ['X-Auto-Response-Suppress: All', citizen({ headers: { 'x-auto-response-suppress': 'All' } }), 'auto_response_suppressed'],
    ['X-Auto-Response-Suppress: DR, AutoReply', citizen({ headers: { 'x-auto-response-suppress': 'DR, AutoReply' } }), 'auto_response_suppressed'],
    ['X-Auto-Response-Suppress: DR only', citizen({ headers: { 'x-auto-response-suppress': 'DR' } }), undefined],
    ['subject "Réponse automatique : …"', citizen({ subject: 'Réponse automatique : Horaires' }), 'auto_reply'],
    ['subject "Automatic reply: …"', citizen({ subject: 'Automatic reply: Opening hours' }), 'auto_reply'],
    ['subject "Out of Office"', citizen({ subject: 'Out of Office: back Monday' }), 'auto_reply'],
    ['subject "Absence du bureau"', citizen({ subject: 'Absence du bureau' }), 'auto_reply'],
    ['a citizen reporting an "Absence de ramassage"', citizen({ subject: 'Absence de ramassage des poubelles' }), undefined],
    ['a no-reply sender', citizen({ from: 'no-reply@shop.example' }), 'no_reply_sender'],
  ]
  for (const [name, mail, expected] of cases) {
    it(`${expected ? `does not answer ${name} (${expected})` : `answers ${name}`}`, () => {
      expect(autoReplyBlocker(mail, OURS)).toBe(expected)
    })
  }
})
