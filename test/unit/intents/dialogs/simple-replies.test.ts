import { describe, expect, it } from 'vitest'
import { createAssistant } from '../../../../intents/assistant.ts'
import { createTownData, makeTurn, plain } from '../town-data-fake.ts'
import { play } from './conversation.ts'

const assistant = createAssistant()
const data = createTownData()
const ask = async (text: string, extra = {}) => plain(await assistant.answer(makeTurn(text, extra), data))

describe('keywords through the assistant', () => {
  it('opts out with one confirmation, even in the middle of a dialog', async () => {
    const results = await play(assistant, data, ['lampadaire en panne', 'STOP'])
    expect(results[1]).toMatchObject({ intent: 'opt_out', actions: [{ type: 'opt_out', keyword: 'STOP' }], dialogState: null })
    expect(results[1].replies).toHaveLength(1)
  })

  it('opts back in and explains the service on AIDE/HELP', async () => {
    expect((await ask('START')).actions).toEqual([{ type: 'opt_in', keyword: 'START' }])
    const help = await ask('AIDE')
    expect(help.replies[0]).toMatch(/Assistant automatisé de la mairie de Villebelle.*STOP/)
    expect((await ask('HELP', { lang: 'en' })).replies[0]).toMatch(/^Automated assistant of Villebelle/)
  })

  it('answers words that are also names of JavaScript object properties like any other text', async () => {
    for (const text of ['constructor', '__proto__', 'toString']) {
      const result = await ask(text)
      expect(result.replies.length).toBeGreaterThan(0)
      expect(result.actions).toEqual([])
    }
  })
})

describe('one-message answers', () => {
  it('hands over to a person when asked, and says so', async () => {
    const result = await ask('je veux parler à un humain')
    expect(result.actions).toEqual([{ type: 'hand_to_agent', reason: 'asked_for_agent' }])
    expect(result.replies[0]).toMatch(/agent de la mairie/)
  })

  it('subscribes only after an explicit yes to a question naming the topic and the channel (issue 16)', async () => {
    const [offer, yes] = await play(assistant, data, ['je veux recevoir les alertes travaux', 'oui'])
    expect(offer.actions).toEqual([])
    expect(offer.replies[0]).toMatch(/Voulez-vous recevoir les alertes travaux dans ce chat \? \(oui \/ non\)/)
    expect(yes.actions).toEqual([{ type: 'alerts', topic: 'roadworks', subscribe: true }])
    const [question, no] = await play(assistant, data, ['Y a-t-il une alerte inondation en ce moment ?', 'non'], { channel: 'twilio' })
    expect(question.replies[0]).toMatch(/^Aucune alerte de la mairie en cours\..*112.*alertes météo et risques par SMS \? \(oui \/ non\)/)
    expect([...question.actions, ...no.actions]).toEqual([])
    const alerts = createTownData({}, [{ topic: 'weather', text: { fr: 'Vigilance orange crues jusqu\'à demain.', en: 'Orange flood warning until tomorrow.' }, startsAt: new Date('2026-03-10T06:00:00Z'), endsAt: null }])
    const [siren] = await play(assistant, alerts, ['pourquoi la sirène sonne en ce moment ?'])
    expect(siren.replies[0]).toMatch(/^Alerte en cours : Vigilance orange crues/)
    expect(siren.actions).toEqual([])
  })

  it('lets a citizen leave alerts at once', async () => {
    expect((await ask('je ne veux plus recevoir les alertes météo')).actions).toEqual([{ type: 'alerts', topic: 'weather', subscribe: false }])
    expect((await ask('unsubscribe me from water cut alerts')).actions).toEqual([{ type: 'alerts', topic: 'water', subscribe: false }])
  })

  it('greets briefly when the welcome was just sent', async () => {
    expect((await ask('bonjour', { isFirstMessage: true })).replies).toEqual(['Comment puis-je vous aider ?'])
    expect((await ask('bonjour')).replies[0]).toMatch(/^Bonjour ! Je peux vous aider/)
    expect((await ask('merci, bonne journée')).replies[0]).toMatch(/Avec plaisir/)
  })

  it('explains identity documents with the booking link when the town has one', async () => {
    expect((await ask('renouveler ma carte d\'identité')).replies[0]).toMatch(/https:\/\/villebelle\.example\/rdv/)
    const noBooking = createTownData({ bookingUrl: undefined })
    expect((plain(await assistant.answer(makeTurn('passeport perdu'), noBooking))).replies[0]).toMatch(/prenez rendez-vous auprès de la mairie/)
  })

  it('says what it can do when out of scope, and offers a person', async () => {
    const result = await ask('ma déclaration d\'impôts')
    expect(result.replies[0]).toMatch(/Je ne peux pas vous aider pour cela.*« agent »/)
    expect(result.misunderstood).toBe(true)
  })

  it('answers in the citizen\'s language and keeps it for short answers', async () => {
    expect((await ask('hello, what time does the library open?')).lang).toBe('en')
    expect((await ask('ok', { lang: 'en' })).lang).toBe('en')
    expect((await ask('ok')).lang).toBe('fr')
  })
})

describe('welcome', () => {
  it.each(['webchat', 'twilio', 'email', 'botframework'] as const)('on %s: automated assistant, a person on request, privacy link', channel => {
    for (const lang of ['fr', 'en'] as const) {
      const text = assistant.welcome(lang, channel, data)
      expect(text).toMatch(lang === 'fr' ? /assistant automatisé/i : /automated assistant/i)
      expect(text).toMatch(/agent/)
      expect(text).toContain('https://villebelle.example/confidentialite')
      if (channel === 'twilio') expect(text.length).toBeLessThanOrEqual(300)
    }
  })
})
