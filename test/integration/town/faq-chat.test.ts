// The town's FAQ in the web chat (issue 15, items 5-7): an entry and a redirection answered from
// the demo town, in the citizen's language; an entry added through POST /api/town/faq answered
// within 5 s; a national fiche with its source; unanswered questions grouped for managers and
// turned into an entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { openChat } from '../../helpers/webchat-client.ts'
import { signedInAgent, type SignedIn } from '../inbox/agent-sessions.ts'

type Group = { id: string, count: number, examples: string[] }

describe('the FAQ in conversations', () => {
  let t: TestApp
  let admin: SignedIn
  let manager: SignedIn

  /** Opens a chat, says `text` and returns the assistant's answer matching `expected`. */
  const ask = async (text: string, expected: RegExp, timeoutMs = 5000) => {
    const chat = await openChat(t.app)
    await chat.say(text)
    return waitFor(async () => (await chat.messages()).find(m => m.author === 'bot' && expected.test(m.text))?.text, timeoutMs, `an answer to « ${text} »`)
  }

  beforeAll(async () => {
    t = await buildTestApp()
    admin = await signedInAgent(t, 'admin')
    manager = await signedInAgent(t, 'manager')
  })
  afterAll(async () => { await t.stopAll() })

  it('answers a question of the demo town\'s FAQ with its answer and link', async () => {
    const answer = await ask('combien coûte la cantine ?', /quotient familial/)
    expect(answer).toContain('https://mairie.example/cantine')
  })

  it('answers in English when the citizen writes English', async () => {
    const answer = await ask('Where can I park my motorhome tonight?', /motorhome area/i)
    expect(answer).not.toMatch(/camping-cars/)
  })

  it('says who handles a redirection and how to reach them', async () => {
    const answer = await ask('la CAF ne m\'a pas payé ce mois-ci', /Ce n'est pas la mairie qui s'en occupe/)
    expect(answer).toContain('la CAF')
    expect(answer).toContain('32 30')
  })

  it('answers an entry added through POST /api/town/faq within 5 seconds', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/town/faq', headers: admin.bearer,
      payload: { questions: { fr: ['Quand passe le bibliobus dans le quartier ?'], en: ['When does the mobile library come?'] }, answer: { fr: 'Le bibliobus passe le jeudi de 16 h à 18 h, place des Lilas.', en: 'The mobile library comes on Thursdays, 4-6 pm, place des Lilas.' } }
    })
    expect(res.statusCode).toBe(201)
    const started = Date.now()
    await ask('à quelle heure passe le bibliobus ?', /bibliobus passe le jeudi/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('answers a national procedure from the Service-Public.fr fiches, with source, licence and date', async () => {
    const answer = await ask('comment faire un changement de prénom ?', /service-public\.fr/)
    expect(answer).toMatch(/Source\s: Service-Public\.fr \/ DILA, licence ouverte 2\.0, fiche du \d{2}\/\d{2}\/\d{4}/)
  })

  it('groups the questions it did not understand for managers, and an administrator turns a group into an entry', async () => {
    for (const text of ['la fibre optique arrive quand dans mon quartier ?', 'quand est-ce que la fibre optique sera installée', 'la fibre optique c\'est pour quand ?']) {
      await ask(text, /./)
    }
    const list = await waitFor(async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/town/unanswered', headers: manager.bearer })
      expect(res.statusCode).toBe(200)
      const groups = (res.json() as { groups: Group[] }).groups
      return groups.find(g => g.examples.some(e => /fibre/.test(e)) && g.count >= 3)
    }, 5000, 'a group of the fibre questions')
    expect(list.examples.every(e => /fibre/.test(e))).toBe(true)

    const body = { answer: { fr: 'La fibre optique est déployée dans toute la commune d\'ici fin 2027 : testez votre adresse sur le site de l\'opérateur.', en: 'Fibre broadband reaches the whole town by the end of 2027.' } }
    expect((await t.app.inject({ method: 'POST', url: `/api/town/unanswered/${list.id}/faq`, headers: manager.bearer, payload: body })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'POST', url: '/api/town/unanswered/g999999/faq', headers: admin.bearer, payload: body })).statusCode).toBe(404)
    const bad = await t.app.inject({ method: 'POST', url: `/api/town/unanswered/${list.id}/faq`, headers: admin.bearer, payload: { answer: 42 } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toBe('validation_failed')
    const created = await t.app.inject({ method: 'POST', url: `/api/town/unanswered/${list.id}/faq`, headers: admin.bearer, payload: body })
    expect(created.statusCode).toBe(201)
    const { id } = created.json() as { id: string }
    const stored = await t.database.db.faqEntry.findUniqueOrThrow({ where: { id } })
    expect(JSON.parse(stored.questions).fr).toContain('la fibre optique arrive quand dans mon quartier ?')

    await ask('quand arrive la fibre optique chez moi ?', /fin 2027/)
    // Answered from the FAQ now: the group is gone from the unanswered questions after the new ones.
    const after = (await t.app.inject({ method: 'GET', url: '/api/town/unanswered', headers: manager.bearer })).json() as { groups: Group[] }
    expect(after.groups.flatMap(g => g.examples)).not.toContain('quand arrive la fibre optique chez moi ?')
  })

  it('lets a manager propose a group to the administrators in one click, once, audited; the administrator completes it', async () => {
    const texts = ['le réseau 5G dans la commune, c\'est pour quand ?', 'la 5G dans la commune, c\'est pour quand ?', 'la 5G chez nous, c\'est pour quand ?']
    for (const text of texts) await ask(text, /./)
    const groupOf5g = async (who: SignedIn) => {
      const res = await t.app.inject({ method: 'GET', url: '/api/town/unanswered', headers: who.bearer })
      const body = res.json() as { canCreate: boolean, groups: (Group & { proposal: { id: string, at: string } | null })[] }
      return { canCreate: body.canCreate, group: body.groups.find(g => g.examples.some(e => /5G/.test(e))) }
    }
    const { canCreate, group } = await waitFor(async () => { const r = await groupOf5g(manager); return r.group && r.group.count >= 3 ? r : undefined }, 5000, 'a group of the 5G questions')
    expect(canCreate).toBe(false)
    expect((await groupOf5g(admin)).canCreate).toBe(true)
    expect(group!.proposal).toBeNull()

    const agent = await signedInAgent(t, 'agent', 'agent-5g')
    expect((await t.app.inject({ method: 'POST', url: `/api/town/unanswered/${group!.id}/proposal`, headers: agent.bearer })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'POST', url: '/api/town/unanswered/g999999/proposal', headers: manager.bearer })).statusCode).toBe(404)
    const proposed = await t.app.inject({ method: 'POST', url: `/api/town/unanswered/${group!.id}/proposal`, headers: manager.bearer })
    expect(proposed.statusCode).toBe(201)
    const { id } = proposed.json() as { id: string }
    // A second click (or another manager): the same proposal, not a second one.
    const again = await t.app.inject({ method: 'POST', url: `/api/town/unanswered/${group!.id}/proposal`, headers: manager.bearer })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ id })
    const stored = await t.database.db.faqEntry.findUniqueOrThrow({ where: { id } })
    expect(stored.active).toBe(false)
    expect(JSON.parse(stored.questions).fr).toEqual(expect.arrayContaining(texts))
    expect(JSON.parse(stored.tags)).toEqual(['proposition'])
    // A valid entry all the same: the town file still exports and imports again.
    const town = (await t.app.inject({ method: 'GET', url: '/api/town', headers: admin.bearer })).json() as { faq: { id: string }[] }
    expect(town.faq.map(f => f.id)).toContain(id)
    expect((await t.app.inject({ method: 'PUT', url: '/api/town', headers: admin.bearer, payload: town })).statusCode).toBe(200)
    const audit = await t.database.db.auditEvent.findFirstOrThrow({ where: { action: 'town.faq.propose', targetId: id } })
    expect(audit.actorId).toBe(manager.id)
    expect((await groupOf5g(manager)).group?.proposal?.id).toBe(id)
    // Not used by the assistant while it is a proposal.
    await ask('la 5G arrive quand chez nous ?', /./)
    expect((await t.database.db.message.findFirstOrThrow({ where: { text: 'la 5G arrive quand chez nous ?' } })).intent).not.toBe('faq')

    // The administrator writes the answer and activates it (the /admin page's PUT): the assistant answers it.
    const answer = { fr: 'La 5G est annoncée par les opérateurs pour 2027.', en: 'Operators announce 5G for 2027.' }
    const put = await t.app.inject({ method: 'PUT', url: `/api/town/faq/${id}`, headers: admin.bearer, payload: { questions: JSON.parse(stored.questions), answer, active: true } })
    expect(put.statusCode).toBe(200)
    await ask('quand la 5G arrive-t-elle dans la commune ?', /annoncée par les opérateurs/)
  })

  it('refuses an unreadable period and agents', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/town/unanswered?from=hier', headers: manager.bearer })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: 'validation_failed' })
    const agent = await signedInAgent(t, 'agent')
    expect((await t.app.inject({ method: 'GET', url: '/api/town/unanswered', headers: agent.bearer })).statusCode).toBe(403)
  })
})
