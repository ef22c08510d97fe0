// Issue 20's pages in a real browser: a consultation's results as a chart with the numbers beside
// it, and an alert previewed then sent from /manager/broadcasts; no serious accessibility violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { buildTestApp, type TestApp } from '../helpers/test-app.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { expectNoSeriousA11yViolation, launchChromium, signIn } from './inbox-browser.ts'
import { addSubscriber } from '../integration/alerts/alert-fixtures.ts'

const PASSWORD = 'correct horse battery'

describe('the managers\' alerts and consultations pages in a browser', () => {
  let browser: Browser
  let t: TestApp

  beforeAll(async () => {
    browser = await launchChromium()
    t = await buildTestApp({ listen: true, configEnv: { QUIET_HOURS: '0-0' } })
    await t.database.db.agent.create({ data: { email: 'manager@mairie.test', name: 'Dominique Manager', role: 'manager', passwordHash: await hashPassword(PASSWORD) } })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.stopAll()
  })

  it('shows a consultation\'s results as a chart and a table per channel, with the CSV link', async () => {
    const { db } = t.database
    const consultation = await db.consultation.create({ data: {
      questionFr: 'Quel nom pour la nouvelle médiathèque ?', questionEn: 'Which name for the new library?',
      options: JSON.stringify([{ fr: 'Jules Verne', en: 'Jules Verne' }, { fr: 'Colette', en: 'Colette' }, { fr: '<img src=x onerror=alert(1)>', en: 'x' }]),
      closesAt: new Date(Date.now() + 86_400_000),
    } })
    const answers = [['sms', 1], ['sms', 2], ['webchat', 2], ['email', 2], ['webchat', 3]] as const
    for (const [i, [channel, optionIndex]] of answers.entries()) await db.consultationAnswer.create({ data: { consultationId: consultation.id, citizenId: `c-${i}`, channel, optionIndex } })

    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', e => errors.push(e.message))
    // CSP refusals and script errors; the 401 of the signed-out /api/auth/me and the favicon's 404 are expected.
    page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()) })
    await signIn(page, `${t.url}/manager/consultations?id=${consultation.id}`, 'manager@mairie.test', PASSWORD)
    await page.locator('#results tbody tr').nth(2).waitFor()
    const rows = await page.locator('#results tbody tr').evaluateAll(trs => trs.map(tr => [...tr.children].map(c => c.textContent)))
    expect(await page.locator('#results thead th').allTextContents()).toEqual(['Option', 'Réponses', 'e-mail', 'SMS', 'chat du site'])
    expect(rows).toEqual([['1. Jules Verne', '1', '0', '1', '0'], ['2. Colette', '3', '1', '1', '1'], ['3. <img src=x onerror=alert(1)>', '1', '0', '0', '1']])
    expect(await page.locator('#results-total').textContent()).toBe('Réponses : 5')
    expect(await page.locator('#results-csv').getAttribute('href')).toBe(`/api/consultations/${consultation.id}/results.csv`)
    // chart.js came from our own origin and drew the bars.
    expect(await page.evaluate(() => typeof (window as unknown as { Chart?: unknown }).Chart)).toBe('function')
    expect(await page.locator('#chart').getAttribute('aria-label')).toContain('Colette 3')
    expect(await page.evaluate(() => (document.getElementById('chart') as HTMLCanvasElement).width)).toBeGreaterThan(0)
    await expectNoSeriousA11yViolation(page)
    expect(errors).toEqual([])
    await context.close()
  })

  it('previews an alert with its exclusions, then sends it and shows its progress', async () => {
    await addSubscriber(t.database.db, { kind: 'webchat', value: 'browser-session-1' })
    await addSubscriber(t.database.db, { kind: 'webchat', value: 'browser-session-2', optedOut: true })
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, `${t.url}/manager/broadcasts`, 'manager@mairie.test', PASSWORD)
    await page.getByLabel('Texte en français').fill('Rue Nationale fermée demain de 8 h à 12 h.')
    await page.getByRole('button', { name: 'Prévisualiser' }).click()
    await page.locator('#preview dd').first().waitFor()
    expect(await page.locator('#preview dd').allTextContents()).toEqual(['chat du site : 1', 'STOP demandé : 1', 'aucun'])
    await expectNoSeriousA11yViolation(page)
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click()
    await expect.poll(() => page.locator('#broadcasts tbody tr td:nth-child(4)').first().textContent(), { timeout: 15_000 }).toBe('terminée')
    await page.getByRole('button', { name: 'Chiffres' }).first().click()
    await expect.poll(() => page.locator('#figures tbody tr').first().textContent()).toContain('chat du site')
    await expectNoSeriousA11yViolation(page)
    await context.close()
  })
})
