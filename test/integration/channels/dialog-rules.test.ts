// Issue 16's dialog rules, asserted on each channel's text path: the web chat through its HTTP API,
// SMS through the signed Twilio webhook, email as the email adapter hands a parsed mail to the core
// (dialog-rules-email.test.ts plays rules end to end through Dovecot IMAP and SMTP).
// Each citizen sees the same rules: interruption and resume, never a third time, details added to a
// ticket, consent only on an explicit yes, and no silence while waiting for a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { incomingSms, postFromTwilio, startTwilioApi, twilioEnv, TEST_PUBLIC_URL, type TwilioStandIn } from '../../stand-ins/twilio-api.ts'

type Citizen = { say (text: string): Promise<string>, citizenId (): Promise<string> }
type Driver = { name: string, channelWords: RegExp, open (): Promise<Citizen> }

let t: TestApp
let api: TwilioStandIn
let n = 0
beforeAll(async () => {
  api = await startTwilioApi()
  t = await buildTestApp({ env: twilioEnv(api), configEnv: { PUBLIC_URL: TEST_PUBLIC_URL } })
}, 60_000)
afterAll(async () => {
  await t?.stopAll()
  await api?.close()
})

const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ')

/** Sends, waits for the turn, and returns the replies to this message (the first turn's notice left out). */
const exchange = async (citizenId: () => Promise<string | null>, send: () => Promise<void>): Promise<string> => {
  const before = await citizenId()
  const last = before === null ? 0 : (await t.database.db.message.findFirst({ where: { citizenId: before }, orderBy: { id: 'desc' } }))?.id ?? 0
  await send()
  await t.core.idle()
  const id = (await citizenId())!
  const replies = await t.database.db.message.findMany({ where: { citizenId: id, direction: 'outbound', id: { gt: last } }, orderBy: { id: 'asc' } })
  return plain(replies.map(m => m.text).filter(text => !/assistant automatisé de la mairie de .*Un agent peut|Assistant automatisé de la mairie de .*Données/.test(text)).join('\n'))
}

const citizenOf = (kind: string, value: () => string) => async () =>
  (await t.database.db.identity.findFirst({ where: { kind, value: value() } }))?.citizenId ?? null

const drivers: Driver[] = [
  {
    name: 'web chat',
    channelWords: /dans ce chat/,
    async open () {
      const chat = await openChat(t.app)
      const id = citizenOf('webchat', () => chat.sessionId)
      return { say: text => exchange(id, async () => { await chat.say(text) }), citizenId: async () => (await id())! }
    },
  },
  {
    name: 'SMS',
    channelWords: /par SMS/,
    async open () {
      const phone = `+336${String(10_000_000 + ++n).slice(-8)}`
      const id = citizenOf('phone', () => phone)
      return {
        say: text => exchange(id, async () => { expect((await postFromTwilio(t.app, '/channels/twilio/messages', incomingSms(phone, text))).statusCode).toBe(200) }),
        citizenId: async () => (await id())!,
      }
    },
  },
  {
    name: 'email',
    channelWords: /par e-mail/,
    async open () {
      const address = `citoyen-${++n}@exemple.fr`
      const id = citizenOf('email', () => address)
      let k = 0
      return {
        say: text => exchange(id, async () => { await t.core.receive({ channel: 'email', externalId: `<rule-${n}-${++k}@exemple.fr>`, from: { kind: 'email', value: address }, text }) }),
        citizenId: async () => (await id())!,
      }
    },
  },
]

for (const driver of drivers) {
  describe(`dialog rules on the ${driver.name} text path`, () => {
    it('answers a clear new question in the middle of a report, then offers the report back once', async () => {
      const citizen = await driver.open()
      expect(await citizen.say('Il y a un nid de poule rue Victor-Hugo')).toMatch(/Je récapitule.*\(oui \/ non\).*écrivez « annuler »/s)
      const answer = await citizen.say('quels sont les horaires de la piscine ?')
      expect(answer).toMatch(/Piscine municipale/)
      expect(answer).toMatch(/On reprend votre signalement .*\? \(oui \/ non\)/)
      expect(await citizen.say('oui')).toMatch(/Je récapitule/)
      await citizen.say('oui')
      expect(await t.database.db.ticket.count({ where: { citizenId: await citizen.citizenId() } })).toBe(1)
    })

    it('never asks the same question a third time', async () => {
      const citizen = await driver.open()
      expect(await citizen.say('un banc est cassé')).toMatch(/Où exactement/)
      expect(await citizen.say('oui')).toMatch(/Où exactement/)
      const third = await citizen.say('non')
      expect(third).not.toMatch(/Où exactement/)
      expect(third).toMatch(/reformuler.*« annuler ».*« agent »/)
    })

    it('offers details sent after the reference to that ticket, and adds them as a citizen note', async () => {
      const citizen = await driver.open()
      await citizen.say('Il y a un trou dans la chaussée rue des Lilas')
      await citizen.say('oui')
      const ticket = await t.database.db.ticket.findFirstOrThrow({ where: { citizenId: await citizen.citizenId() } })
      expect(await citizen.say('un trou de 30 cm, dangereux pour les vélos')).toContain(`J'ajoute ces précisions à votre demande ${ticket.reference} ? (oui / non)`)
      expect(await citizen.say('oui')).toContain(`C'est ajouté à votre demande ${ticket.reference}`)
      const notes = await t.database.db.ticketEvent.findMany({ where: { ticketId: ticket.id, type: 'citizen_reply' } })
      expect(notes.map(e => e.note)).toEqual(['un trou de 30 cm, dangereux pour les vélos'])
      expect(await t.database.db.ticket.count({ where: { citizenId: await citizen.citizenId() } })).toBe(1)
    })

    it('answers a question about a current alert and subscribes only on an explicit yes naming topic and channel', async () => {
      const citizen = await driver.open()
      const answer = await citizen.say('Y a-t-il une alerte inondation en ce moment ?')
      expect(answer).toMatch(/Aucune alerte de la mairie en cours/)
      expect(answer).toMatch(driver.channelWords)
      expect(await t.database.db.alertSubscription.count({ where: { identity: { citizenId: await citizen.citizenId() } } })).toBe(0)
      await citizen.say('oui')
      expect((await t.database.db.alertSubscription.findMany({ where: { identity: { citizenId: await citizen.citizenId() } } })).map(s => s.topic)).toEqual(['weather'])
    })

    it('says when a person will answer, still answers information meanwhile, and goes back to the assistant with a word', async () => {
      const citizen = await driver.open()
      expect(await citizen.say('je voudrais parler à quelqu\'un')).toMatch(/Un agent vous répondra .*« assistant »/s)
      const held = async () => (await t.database.db.conversation.findFirstOrThrow({ where: { citizenId: await citizen.citizenId() } })).holder
      expect(await held()).toBe('agent')
      const info = await citizen.say('horaires de la médiathèque')
      expect(info).toMatch(/Médiathèque/)
      expect(info).toMatch(/Un agent va aussi revenir vers vous/)
      expect(await citizen.say('c\'est pour un souci de voisinage')).toMatch(/transmis.*vous répondra/s)
      expect(await citizen.say('assistant')).toMatch(/de nouveau l'assistant/)
      expect(await held()).toBe('bot')
    })
  })
}
