// Issue 18: the agents' workspace and the managers' dashboard, used with the keyboard only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { buildTestApp, waitFor, type TestApp } from '../helpers/test-app.ts'
import { openChat } from '../helpers/webchat-client.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { expectNoSeriousA11yViolation, launchChromium } from './inbox-browser.ts'

const PASSWORD = 'correct horse battery'
const CANNED = 'La mairie est ouverte du lundi au vendredi.'

const focused = (page: Page) => page.evaluate(() => {
  const node = document.activeElement
  return { id: node?.id ?? '', tag: node?.tagName ?? '', conversation: (node as HTMLElement | null)?.dataset?.id ?? '', text: node?.textContent?.trim() ?? '' }
})

/** Presses Tab until `done` says the focus is where it should be (at most `max` presses). */
async function tabUntil (page: Page, done: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 40): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab')
    if (done(await focused(page))) return presses
  }
  throw new Error('focus never reached the expected element')
}

describe('the workspace and the dashboard, by keyboard', () => {
  let browser: Browser
  let t: TestApp

  beforeAll(async () => {
    browser = await launchChromium()
    t = await buildTestApp({ listen: true })
    const passwordHash = await hashPassword(PASSWORD)
    await t.database.db.agent.create({ data: { email: 'agent@mairie.test', name: 'Camille Agent', role: 'agent', passwordHash } })
    await t.database.db.agent.create({ data: { email: 'manager@mairie.test', name: 'Dominique Manager', role: 'manager', passwordHash } })
    await t.database.db.cannedResponse.create({ data: { title: 'Horaires de la mairie', lang: 'fr', text: CANNED } })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.stopAll()
  })

  it('sign in → first conversation needing a person → take over → canned reply → note → hand back, keyboard only', async () => {
    const chat = await openChat(t.app)
    await chat.say('Bonjour, je voudrais parler à quelqu\'un')
    const conversation = await waitFor(() => t.database.db.conversation.findFirst({ where: { identity: { value: chat.sessionId }, needsHuman: true } }), 5000, 'hand-off')

    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', e => errors.push(e.message))
    await page.goto(`${t.url}/inbox`)
    // Before sign-in only the form shows (the panes' display:grid no longer overrides `hidden`).
    await page.locator('#email').waitFor()
    expect(await page.locator('#app-view').isVisible()).toBe(false)
    expect((await focused(page)).id).toBe('email')
    await page.keyboard.type('agent@mairie.test')
    await page.keyboard.press('Tab')
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press('Enter')

    // Focus goes to the first conversation waiting for a person, named without any raw id.
    await expect.poll(async () => (await focused(page)).conversation, { timeout: 10_000 }).toBe(conversation.id)
    const label = await page.locator(`.conversation[data-id="${conversation.id}"] .who`).textContent()
    expect(label).toMatch(/^Citoyen·ne [0-9A-F]{4}$/)
    expect(await page.locator('#conversation-list').textContent()).not.toContain(chat.sessionId)
    expect(await page.locator('.filter[data-filter="needs_human"] .count').textContent()).toBe('(1)')
    await expectNoSeriousA11yViolation(page)

    await page.keyboard.press('Enter')
    await expect.poll(async () => (await focused(page)).id).toBe('detail-title')
    await expect.poll(() => page.locator('#status').textContent()).toContain('Conversation ouverte')

    // Shortcuts never take keys from a text field: « j » typed in the note stays there.
    await page.keyboard.press('t')
    await expect.poll(() => page.locator('#holder-status').textContent(), { timeout: 10_000 }).toContain('Camille Agent')
    await expect.poll(async () => (await focused(page)).id).toBe('reply-text')

    await page.keyboard.type('/horai')
    await page.locator('#canned-list [role="option"]', { hasText: 'Horaires de la mairie' }).waitFor()
    await page.keyboard.press('Enter')
    expect(await page.locator('#reply-text').inputValue()).toBe(CANNED)
    await page.keyboard.press('Tab')
    expect((await focused(page)).text).toBe('Envoyer')
    await page.keyboard.press('Enter')
    await waitFor(async () => (await chat.messages()).find(m => m.text === CANNED && m.author === 'agent'), 10_000, 'canned reply in the web chat')
    await expect.poll(async () => (await focused(page)).id).toBe('reply-text')
    // From « Envoyer », « Rendre la main » is a Tab or two away (it took 18 before).
    await page.locator('#reply-form button[type="submit"]').focus()
    expect(await tabUntil(page, f => f.id === 'handback', 3)).toBeLessThanOrEqual(2)

    await page.keyboard.press('Escape')
    await page.keyboard.press('n')
    expect((await focused(page)).id).toBe('note-text')
    await page.keyboard.type('jk: rappeler demain matin')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await waitFor(() => t.database.db.message.findFirst({ where: { conversationId: conversation.id, direction: 'internal', text: 'jk: rappeler demain matin' } }), 10_000, 'note stored')
    // The agent is put back in the note field once the conversation has been reloaded; a key
    // pressed before that would land in the field (the shortcut « h » typed into the note).
    await expect.poll(async () => (await focused(page)).id).toBe('note-text')
    await expectNoSeriousA11yViolation(page)

    await page.keyboard.press('Escape')
    await page.keyboard.press('h')
    await expect.poll(async () => (await t.database.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).holder, { timeout: 10_000 }).toBe('bot')
    await expect.poll(() => page.locator('#status').textContent()).toContain("Conversation rendue à l'assistant")
    // Nobody else waits: the focus goes back to the list.
    await expect.poll(async () => (await focused(page)).id).toBe('list-title')

    // « ? » lists the shortcuts; Escape closes and gives the focus back.
    await page.keyboard.press('?')
    await page.locator('#help-dialog').waitFor()
    await expectNoSeriousA11yViolation(page)
    await page.keyboard.press('Escape')
    await expect.poll(async () => (await focused(page)).id).toBe('help-open')
    expect(errors).toEqual([])
    await context.close()
  })

  it('drills down from a chart to the conversations behind it, by keyboard and by a click on a bar', async () => {
    await t.core.receive({ channel: 'email', externalId: '<dash-1@example.org>', from: { kind: 'email', value: 'lea.martin@example.org' }, text: 'Bonjour, quand ouvre la piscine ?', meta: { subject: 'Piscine', fromName: 'Léa Martin' } })
    await t.core.idle()
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', e => errors.push(e.message))
    await page.goto(`${t.url}/manager`)
    await page.locator('#email').fill('manager@mairie.test')
    await page.locator('#password').fill(PASSWORD)
    await page.keyboard.press('Enter')
    const byChannel = page.locator('figure[data-chart="byChannel"]')
    await byChannel.locator('canvas').waitFor()
    await expectNoSeriousA11yViolation(page)

    // The data table: a figure per channel, each a button opening the list behind it.
    await byChannel.locator('summary').focus()
    await page.keyboard.press('Enter')
    const emailButton = byChannel.getByRole('button', { name: /E-mail/ })
    await emailButton.focus()
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await focused(page)).id).toBe('drill-title')
    await expect.poll(() => page.locator('#drill-table tbody').textContent()).toContain('Léa Martin')
    expect(await page.locator('#drill-table tbody').textContent()).not.toContain('Citoyen·ne')
    const link = page.locator('#drill-table a', { hasText: 'Léa Martin' })
    expect(await link.getAttribute('href')).toMatch(/^\/inbox\?conversation=/)
    await expectNoSeriousA11yViolation(page)

    // A click on the web chat bar of the same chart.
    await page.locator('#drill-table tbody').evaluate(node => { node.replaceChildren() })
    const point = await page.evaluate(() => {
      const canvas = document.querySelector('figure[data-chart="byChannel"] canvas') as HTMLCanvasElement
      const chart = (window as unknown as { Chart: { getChart: (c: HTMLCanvasElement) => { data: { labels: string[] }, getDatasetMeta: (i: number) => { data: { x: number, y: number, base: number }[] } } } }).Chart.getChart(canvas)
      canvas.scrollIntoView({ block: 'center' })
      const index = chart.data.labels.indexOf('E-mail')
      const bar = chart.getDatasetMeta(0).data[index]
      const box = canvas.getBoundingClientRect()
      return { x: box.left + bar.x, y: box.top + (bar.y + bar.base) / 2 }
    })
    await page.mouse.click(point.x, point.y)
    await expect.poll(() => page.locator('#drill-table tbody').textContent()).toContain('Léa Martin')

    // The chart's CSV is the same data.
    const csv = await page.evaluate(async () => (await fetch(document.querySelector<HTMLAnchorElement>('figure[data-chart="byChannel"] a[download]')!.href)).text())
    expect(csv).toMatch(/channel,conversations\r\n/)
    expect(csv).toMatch(/email,1\r\n/)
    expect(errors).toEqual([])
    await context.close()
  })

  it('tells an agent that /manager is not for them, without a failed call', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const refused: string[] = []
    const errors: string[] = []
    page.on('response', r => { if (r.status() === 403) refused.push(r.url()) })
    page.on('pageerror', e => errors.push(e.message))
    await page.goto(`${t.url}/manager`)
    await page.locator('#email').fill('agent@mairie.test')
    await page.locator('#password').fill(PASSWORD)
    await page.keyboard.press('Enter')
    await page.locator('#not-allowed').waitFor()
    await expect.poll(async () => (await focused(page)).id).toBe('not-allowed-text')
    expect(await page.locator('#app-view').isVisible()).toBe(false)
    expect(await page.getByRole('link', { name: 'Tableau de bord' }).count()).toBe(0)
    await expectNoSeriousA11yViolation(page)
    expect(refused).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })
  it('shows each queue\'s waiting time in its own service\'s working hours, overdue past the limit', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'agent@mairie.test', password: PASSWORD } })
    const bearer = { authorization: `Bearer ${(login.json() as { token: string }).token}` }
    const chat = await openChat(t.app)
    await chat.say('Bonsoir')
    await waitFor(async () => (await chat.messages()).length >= 2, 5000, 'bot answers')
    const conversation = await t.database.db.conversation.findFirstOrThrow({ where: { identity: { value: chat.sessionId } } })
    const ticket = await t.app.inject({ method: 'POST', url: '/api/tickets', headers: bearer, payload: { citizenId: conversation.citizenId, conversationId: conversation.id, category: 'lighting', description: 'Lampadaire éteint' } })
    expect(ticket.statusCode).toBe(201)
    // Waiting for a person for three hours, in the lighting queue, whose people work round the clock.
    await t.database.db.conversation.update({ where: { id: conversation.id }, data: { needsHuman: true, needsHumanSince: new Date(Date.now() - 3 * 3600_000) } })
    const lightingHours = (openingHours: string) => t.database.db.municipalService.update({ where: { code: 'eclairage' }, data: { openingHours } })
    const listed = async () => (await t.app.inject({ method: 'GET', url: '/api/conversations?status=all&service=eclairage', headers: bearer })).json().conversations[0]
    await lightingHours('Mo-Su 00:00-24:00')
    await waitFor(async () => (await listed()).waitingWorkSeconds >= 3 * 3600 - 60, 20_000, 'the service\'s hours read')

    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    await page.goto(`${t.url}/inbox`)
    await page.locator('#email').fill('agent@mairie.test')
    await page.locator('#password').fill(PASSWORD)
    await page.keyboard.press('Enter')
    const row = page.locator(`.conversation[data-id="${conversation.id}"]`)
    await expect.poll(() => row.locator('.time').textContent(), { timeout: 10_000 }).toMatch(/attente \(heures ouvrées\) 3 h 0 min/)
    expect(await row.locator('.overdue-badge').count()).toBe(1)
    expect(await row.locator('.service').textContent()).toContain('Éclairage public')
    await expectNoSeriousA11yViolation(page)

    // A service that works no hours at all: the same wait counts nothing and is not overdue.
    await lightingHours('off')
    await waitFor(async () => (await listed()).waitingWorkSeconds === 0, 20_000, 'the new hours read')
    await page.reload()
    await expect.poll(() => row.locator('.time').textContent(), { timeout: 10_000 }).toMatch(/attente \(heures ouvrées\) 0 min/)
    expect(await row.locator('.overdue-badge').count()).toBe(0)
    await context.close()
  })
})
