// Mail is read in batches (one FETCH, the batch stored together, one STORE \Seen, one cursor
// write): what a batch must keep from reading one mail at a time, against a real Dovecot.
import { afterEach, describe, expect, it } from 'vitest'
import { isDovecotInstalled } from '../../helpers/dovecot.ts'
import { waitFor } from '../../helpers/test-app.ts'
import { buildMail, CITIZEN, inbound, settled, startHarness, stopHarness, type Harness } from '../../helpers/email-harness.ts'

const OTHERS = ['a', 'b', 'c', 'd', 'e', 'f'].map(name => `${name}@citoyen.example`)
const NO_SENDER = 'To: mairie@ville.example\r\nSubject: Sans expediteur\r\nMessage-ID: <sans-expediteur@nulle-part.example>\r\n\r\nbonjour\r\n'

const recipients = (h: Harness) => h.sink.received.map(m => (m.to && 'text' in m.to ? m.to.text : '')).sort()

describe.skipIf(!isDovecotInstalled)('email channel: mail read in batches', () => {
  let h: Harness | undefined
  afterEach(async () => { await stopHarness(h); h = undefined })

  it('reads mail waiting at start together: every sender answered once, one sender\'s cap kept in mailbox order, a mail without sender left unread', async () => {
    const citizenMails: string[] = []
    let noSenderUid = 0
    h = await startHarness({
      env: { EMAIL_MAX_AUTO_REPLIES_PER_HOUR: '2' },
      beforeStart: async dovecot => {
        // The capped sender's mails interleaved with the others', and the mail without sender in the middle.
        for (const [k, text] of ['bonjour', 'bonjour encore', 'bonjour toujours'].entries()) {
          const mail = await buildMail({ from: CITIZEN, text })
          citizenMails.push(mail.messageId)
          await dovecot.deliver(mail.raw)
          for (const from of OTHERS.slice(2 * k, 2 * k + 2)) await dovecot.deliver((await buildMail({ from, text: 'bonjour' })).raw)
          if (k === 1) noSenderUid = await dovecot.deliver(NO_SENDER)
        }
      },
    })
    const stored = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 9 && m.every(x => x.processedAt) && m }, 30_000, 'nine mails handled')
    await settled(h.t)

    const fromCitizen = stored.filter(m => citizenMails.includes(m.externalId!))
    expect(fromCitizen.map(m => [m.externalId, JSON.parse(m.meta!).suppressAutoReply ?? null])).toEqual([
      [citizenMails[0], null], [citizenMails[1], null], [citizenMails[2], 'rate_limited'],
    ])
    expect(recipients(h)).toEqual([CITIZEN, CITIZEN, ...OTHERS].sort())
    const flags = await h.dovecot.list()
    expect(flags).toHaveLength(10)
    expect(flags.filter(m => !m.flags.includes('\\Seen')).map(m => m.uid)).toEqual([noSenderUid])
  })

  it('stores and answers the other mails once when one mail cannot be stored, and leaves that one unread after a few tries', async () => {
    h = await startHarness()
    // A database that refuses one message (what a corrupt row or a full disk does to one mail):
    // the core's batch fails, each mail is stored on its own, only this one fails.
    await h.t.database.db.$executeRawUnsafe(`CREATE TRIGGER refuse_poison BEFORE INSERT ON "Message" WHEN NEW.text = 'poison' BEGIN SELECT RAISE(ABORT, 'refused'); END`)
    const senders = [...OTHERS.slice(0, 2), CITIZEN, ...OTHERS.slice(2, 5)]
    let poisonUid = 0
    for (const [k, from] of senders.entries()) {
      if (k === 2) poisonUid = await h.dovecot.deliver((await buildMail({ from, text: 'poison' })).raw)
      else await h.dovecot.deliver((await buildMail({ from, text: 'bonjour' })).raw)
    }
    await waitFor(async () => (await h!.dovecot.list()).filter(m => m.flags.includes('\\Seen')).length === 5, 30_000, 'the five good mails flagged')
    // The refused mail is tried again at each poll (every second here), with the mails after it,
    // until it is given up after five tries: time for all of it.
    await new Promise(resolve => setTimeout(resolve, 7000))
    await settled(h.t)

    const stored = await inbound(h.t)
    expect(stored.map(m => m.text)).toEqual(['bonjour', 'bonjour', 'bonjour', 'bonjour', 'bonjour'])
    // Each stored once and answered once, though the mails after the refused one were read again at each try.
    expect(new Set(stored.map(m => m.externalId)).size).toBe(5)
    expect(recipients(h)).toEqual(OTHERS.slice(0, 5).sort())
    expect((await h.dovecot.list()).filter(m => !m.flags.includes('\\Seen')).map(m => m.uid)).toEqual([poisonUid])
  })
})
