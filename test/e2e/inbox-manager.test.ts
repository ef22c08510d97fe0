import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { buildTestApp, type TestApp } from '../helpers/test-app.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { expectNoSeriousA11yViolation, launchChromium, signIn } from './inbox-browser.ts'

const PASSWORD = 'correct horse battery'

describe('the managers\' history in a browser', () => {
  let browser: Browser
  let t: TestApp

  beforeAll(async () => {
    browser = await launchChromium()
    t = await buildTestApp({ listen: true })
    await t.database.db.agent.create({ data: { email: 'manager@mairie.test', name: 'Dominique Manager', role: 'manager', passwordHash: await hashPassword(PASSWORD) } })
    await t.core.receive({ channel: 'webchat', externalId: 'm-1', from: { kind: 'webchat', value: 'session-manager-0001' }, text: "L'éclairage de la rue Émile Zola est en panne" })
    await t.core.receive({ channel: 'email', externalId: '<m-2@example.org>', from: { kind: 'email', value: 'paul@example.org' }, text: 'Horaires de la piscine ?' })
    await t.core.idle()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.stopAll()
  })

  it('searches without accents, opens the citizen timeline and offers the CSV export; no serious accessibility violation', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, `${t.url}/manager`, 'manager@mairie.test', PASSWORD)
    await page.getByLabel('Texte recherché').fill('ECLAIRAGE emile')
    await page.getByRole('button', { name: 'Rechercher' }).click()
    // The assistant's answer may quote the street too: the citizen's own message must be among the rows, the other citizen's not.
    await expect.poll(() => page.locator('#results tbody td.text').allTextContents(), { timeout: 15_000 }).toContain("L'éclairage de la rue Émile Zola est en panne")
    expect((await page.locator('#results tbody td.text').allTextContents()).join('\n')).not.toContain('piscine')
    expect(await page.locator('#result-count').textContent()).toMatch(/^\d+ résultat\(s\)$/)
    expect(await page.locator('#export').getAttribute('href')).toBe('/api/search.csv?q=ECLAIRAGE+emile')
    await page.locator('#results tbody tr', { hasText: 'est en panne' }).first().getByRole('button').click()
    await page.locator('#timeline .text', { hasText: "L'éclairage de la rue Émile Zola est en panne" }).first().waitFor()
    await expectNoSeriousA11yViolation(page)
    const csv = await page.evaluate(async () => (await fetch('/api/search.csv?q=ECLAIRAGE+emile')).text())
    expect(csv).toContain('Émile Zola')
    await context.close()
  })
})
