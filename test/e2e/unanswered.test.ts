// /manager's « Questions sans réponse » section in Chromium: the grouped questions (citizen text
// shown as text, never markup), a manager proposing a group to the administrators in one click, an
// administrator making an FAQ entry from a group, axe-clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { buildTestApp, waitFor, type TestApp } from '../helpers/test-app.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { expectNoSeriousA11yViolation, launchChromium, signIn } from './inbox-browser.ts'

const PASSWORD = 'correct horse battery'
const HOSTILE = '<b onmouseover="window.pwned=1">la fibre optique</b> arrive quand ?'

describe('unanswered questions on /manager', () => {
  let browser: Browser
  let t: TestApp

  beforeAll(async () => {
    browser = await launchChromium()
    t = await buildTestApp({ listen: true })
    await t.database.db.agent.create({ data: { email: 'admin@mairie.test', name: 'Camille Admin', role: 'admin', passwordHash: await hashPassword(PASSWORD) } })
    await t.database.db.agent.create({ data: { email: 'manager@mairie.test', name: 'Dominique Manager', role: 'manager', passwordHash: await hashPassword(PASSWORD) } })
    const texts = ['la fibre optique arrive quand dans mon quartier ?', 'quand est-ce que la fibre optique sera installée', HOSTILE]
    for (const [i, text] of texts.entries()) await t.core.receive({ channel: 'webchat', externalId: `u-${i}`, from: { kind: 'webchat', value: `session-unanswered-${i}` }, text })
    await t.core.idle()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.stopAll()
  })

  it('lets a manager propose the group to the administrators in one click, and has no serious accessibility violation', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, `${t.url}/manager`, 'manager@mairie.test', PASSWORD)
    const group = page.locator('#unanswered .unanswered-group', { hasText: 'fibre optique' }).first()
    await group.waitFor({ timeout: 15_000 })
    // Only administrators write town data: no answer form for a manager, one button instead.
    expect(await group.getByText('Créer une entrée FAQ').count()).toBe(0)
    await group.getByRole('button', { name: 'Proposer une entrée FAQ aux administrateurs' }).click()
    await page.locator('#unanswered .unanswered-group .proposal', { hasText: 'Proposée aux administrateurs le' }).first().waitFor({ timeout: 10_000 })
    const drafts = await t.database.db.faqEntry.findMany({ where: { active: false } })
    expect(drafts).toHaveLength(1)
    expect(JSON.parse(drafts[0].questions).fr).toContain('la fibre optique arrive quand dans mon quartier ?')
    expect(await page.locator('#unanswered').getByRole('button', { name: 'Proposer une entrée FAQ aux administrateurs' }).count()).toBe(0)
    await expectNoSeriousA11yViolation(page)
    await context.close()
  })

  it('lists the group with its count, lets an administrator answer it, and has no serious accessibility violation', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, `${t.url}/manager`, 'admin@mairie.test', PASSWORD)
    const group = page.locator('#unanswered .unanswered-group', { hasText: 'fibre optique' }).first()
    await group.waitFor({ timeout: 15_000 })
    expect(await group.locator('strong').textContent()).toBe('3 fois')
    expect(await group.locator('li.text').allTextContents()).toContain(HOSTILE)
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
    await group.getByText('Créer une entrée FAQ').click()
    await expectNoSeriousA11yViolation(page)
    await group.getByLabel('Réponse en français').fill('La fibre optique sera disponible partout fin 2027.')
    await group.getByLabel('Réponse en anglais').fill('Fibre broadband everywhere by the end of 2027.')
    await group.getByRole('button', { name: 'Créer l’entrée' }).click()
    await waitFor(async () => (await t.database.db.faqEntry.findMany()).find(f => f.answerFr.includes('fin 2027')), 10_000, 'the new FAQ entry')
    await page.locator('#unanswered').getByText('Aucune question sans réponse sur la période.').waitFor({ timeout: 10_000 })
    await context.close()
  })
})
