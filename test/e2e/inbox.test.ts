import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { buildTestApp, waitFor, type TestApp } from '../helpers/test-app.ts'
import { openChat } from '../helpers/webchat-client.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { expectNoSeriousA11yViolation, launchChromium, signIn } from './inbox-browser.ts'

const PASSWORD = 'correct horse battery'

describe('the agents\' inbox in a browser', () => {
  let browser: Browser
  let t: TestApp

  beforeAll(async () => {
    browser = await launchChromium()
    t = await buildTestApp({ listen: true })
    const passwordHash = await hashPassword(PASSWORD)
    await t.database.db.agent.create({ data: { email: 'agent@mairie.test', name: 'Camille Agent', role: 'agent', passwordHash } })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.stopAll()
  })

  it('signs in, takes over a web chat conversation and the reply reaches the citizen; no serious accessibility violation', async () => {
    const chat = await openChat(t.app)
    await chat.say('Bonjour, je voudrais parler à quelqu\'un')
    await waitFor(async () => (await chat.messages()).length >= 2, 5000, 'bot answers')

    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    await signIn(page, `${t.url}/inbox`, 'agent@mairie.test', PASSWORD)
    await expectNoSeriousA11yViolation(page)
    await page.getByRole('button', { name: /^Toutes/ }).click()
    await page.locator('.conversation').first().click()
    await page.getByRole('button', { name: 'Prendre la main' }).click()
    await expect.poll(() => page.locator('#holder-status').textContent(), { timeout: 15_000 }).toContain('Camille Agent')
    await page.getByLabel('Réponse au citoyen').fill('Bonjour, ici Camille de la mairie.')
    await page.getByRole('button', { name: 'Envoyer' }).click()

    const reply = await waitFor(async () => (await chat.messages()).find(m => m.text === 'Bonjour, ici Camille de la mairie.'), 5000, 'agent reply in the web chat')
    expect(reply.author).toBe('agent')
    // The citizen's next message appears live in the agent's page (WebSocket), without a reload.
    await chat.say('Merci beaucoup !')
    await page.locator('#messages').getByText('Merci beaucoup !').waitFor()
    await expectNoSeriousA11yViolation(page)

    // A ticket of this conversation can be moved on from the inbox.
    const conversation = await t.database.db.conversation.findFirstOrThrow({ where: { identity: { value: chat.sessionId } } })
    await page.getByLabel('Catégorie de la demande').selectOption('roads')
    await page.getByLabel('Description de la demande').fill('Nid-de-poule rue des Lilas')
    await page.getByRole('button', { name: 'Ouvrir une demande' }).click()
    await expect.poll(() => t.database.db.ticket.count({ where: { conversationId: conversation.id, category: 'roads' } }), { timeout: 15_000 }).toBe(1)
    const ticketReference = (await t.database.db.ticket.findFirstOrThrow({ where: { conversationId: conversation.id } })).reference
    await page.getByLabel(`Statut de la demande ${ticketReference}`).selectOption('in_progress')
    await page.getByRole('button', { name: 'Mettre à jour' }).click()
    await expect.poll(async () => (await t.database.db.ticket.findFirstOrThrow({ where: { conversationId: conversation.id } })).status, { timeout: 15_000 }).toBe('in_progress')

    // English is one click away.
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('button', { name: 'Hand back to the assistant' }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await context.close()
  })

  it('shows script and image payloads from a citizen as plain text: no dialog, no element', async () => {
    const payload = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    await t.core.receive({
      channel: 'webchat', externalId: 'xss-1', from: { kind: 'webchat', value: 'session-xss-browser-1' }, text: payload,
      attachments: [{ filename: '<img src=x onerror=alert(2)>.png', contentType: 'image/png', data: Buffer.from('png') }],
    })
    await t.core.idle()
    const context = await browser.newContext()
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', dialog => { dialogs.push(dialog.message()); void dialog.dismiss() })
    await signIn(page, `${t.url}/inbox`, 'agent@mairie.test', PASSWORD)
    await page.getByRole('button', { name: /^Toutes/ }).click()
    const xss = await t.database.db.conversation.findFirstOrThrow({ where: { identity: { value: 'session-xss-browser-1' } } })
    await page.locator(`.conversation[data-id="${xss.id}"]`).click()
    const shown = page.locator('#messages .message.inbound .text', { hasText: payload })
    await shown.waitFor()
    expect(await shown.textContent()).toBe(payload)
    await page.locator('#messages .filename', { hasText: '<img src=x onerror=alert(2)>.png' }).waitFor()
    // The only image is the attachment's thumbnail, served by the attachments route, its name as plain alt text.
    expect(await page.locator('#messages img:not(.thumbnail), #messages script, #conversation-list img').count()).toBe(0)
    expect(await page.locator('#messages img.thumbnail').getAttribute('src')).toMatch(/^\/api\/attachments\/[\w-]+$/)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(dialogs).toEqual([])
    await context.close()
  })

  it('merges the citizen the inbox suggests, shows the other channel in the timeline, and undoes the merge', async () => {
    await t.core.receive({ channel: 'email', externalId: '<merge-1@example.org>', from: { kind: 'email', value: 'lea.petit@example.org' }, text: 'Le trottoir est défoncé devant le 3 rue Haute' })
    await t.core.receive({ channel: 'webchat', externalId: 'merge-2', from: { kind: 'webchat', value: 'session-merge-browser' }, text: 'Je vous ai écrit depuis lea.petit@example.org' })
    await t.core.idle()
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, `${t.url}/inbox`, 'agent@mairie.test', PASSWORD)
    await page.getByRole('button', { name: /^Toutes/ }).click()
    const merging = await t.database.db.conversation.findFirstOrThrow({ where: { identity: { value: 'session-merge-browser' } } })
    await page.locator(`.conversation[data-id="${merging.id}"]`).click()
    await page.getByRole('button', { name: 'Fusionner avec ce citoyen' }).click()
    await page.locator('#citizen-timeline .text', { hasText: 'Le trottoir est défoncé' }).first().waitFor()
    expect(await t.database.db.citizenMerge.count({ where: { undoneAt: null } })).toBe(1)
    await expectNoSeriousA11yViolation(page)
    await page.getByRole('button', { name: 'Annuler la fusion' }).click()
    await expect.poll(() => t.database.db.citizenMerge.count({ where: { undoneAt: null } }), { timeout: 15_000 }).toBe(0)
    await expect.poll(() => page.locator('#citizen-timeline .text', { hasText: 'Le trottoir est défoncé' }).count(), { timeout: 15_000 }).toBe(0)
    await context.close()
  })
})
