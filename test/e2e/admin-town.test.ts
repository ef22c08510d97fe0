// /admin in Chromium: an administrator adds an FAQ entry and a closure and fixes opening hours
// with the keyboard and forms; a manager reads without forms; hostile text stays text; axe-clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { buildTestApp, type TestApp } from '../helpers/test-app.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { expectNoSeriousA11yViolation, launchChromium, signIn } from './inbox-browser.ts'

const PASSWORD = 'correct horse battery'

describe('the town data pages in a browser', () => {
  let browser: Browser
  let t: TestApp

  beforeAll(async () => {
    browser = await launchChromium()
    t = await buildTestApp({ listen: true })
    const passwordHash = await hashPassword(PASSWORD)
    await t.database.db.agent.create({ data: { email: 'admin@mairie.test', name: 'Camille Admin', role: 'admin', passwordHash } })
    await t.database.db.agent.create({ data: { email: 'manager@mairie.test', name: 'Dominique Manager', role: 'manager', passwordHash } })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.stopAll()
  })

  it('lets an administrator add an FAQ entry and a closure and fix hours; no serious accessibility violation', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', e => errors.push(e.message))
    await signIn(page, `${t.url}/admin`, 'admin@mairie.test', PASSWORD)
    await page.locator('#faq-table tbody tr').first().waitFor()

    await page.getByLabel('Questions en français (une par ligne)').fill('Où garer un camping-car ?\n<img src=x onerror=alert(1)>')
    await page.getByLabel('Réponse en français').fill('Aire de camping-cars route de Nantes, gratuite.')
    await page.getByLabel('Réponse en anglais').fill('Free camper van area, route de Nantes.')
    await page.getByLabel('Réponse en anglais').press('Tab')
    await page.keyboard.type('https://mairie.example/camping-car')
    await page.locator('#faq-form').getByRole('button', { name: 'Enregistrer' }).click()
    await page.locator('#faq-table tbody tr', { hasText: 'Où garer un camping-car ?' }).waitFor()
    const stored = await t.database.db.faqEntry.findFirst({ where: { answerFr: { startsWith: 'Aire de camping-cars' } } })
    expect(JSON.parse(stored!.questions).fr).toEqual(['Où garer un camping-car ?', '<img src=x onerror=alert(1)>'])
    expect(stored!.link).toBe('https://mairie.example/camping-car')

    await page.getByLabel('Du (AAAA-MM-JJ ou AAAA-MM-JJTHH:MM)').fill('2027-01-02')
    await page.getByLabel('Au (jour inclus, ou heure de fin)').fill('2027-01-03')
    await page.getByLabel('Lieu', { exact: true }).selectOption('piscine')
    await page.getByLabel('Note publique en français').fill('Vidange du bassin')
    await page.getByRole('button', { name: 'Ajouter' }).click()
    await page.locator('#closures-table tbody tr', { hasText: 'Vidange du bassin' }).waitFor()

    const hours = page.getByLabel('Horaires de Piscine municipale Léo-Lagrange')
    await hours.fill('Lu-Ve 9h-12h')
    await page.locator('#places-table tbody tr', { hasText: 'Léo-Lagrange' }).getByRole('button').click()
    await expect.poll(() => page.locator('#places-table .errors').allTextContents()).toContainEqual(expect.stringContaining('Mo-Fr 09:00-12:00'))
    await hours.fill('Mo-Fr 09:00-12:00; PH off')
    await page.locator('#places-table tbody tr', { hasText: 'Léo-Lagrange' }).getByRole('button').click()
    await expect.poll(async () => (await t.database.db.place.findUnique({ where: { code: 'piscine' } }))!.openingHours).toBe('Mo-Fr 09:00-12:00; PH off')

    await page.getByLabel('E-mail – Urbanisme').fill('permis@mairie.example')
    await page.locator('#services-table tbody tr', { hasText: 'urbanisme' }).getByRole('button').click()
    await expect.poll(async () => (await t.database.db.municipalService.findUnique({ where: { code: 'urbanisme' } }))!.email).toBe('permis@mairie.example')

    await expectNoSeriousA11yViolation(page)
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Frequent questions and redirections' }).waitFor()
    expect(errors).toEqual([])
    expect(await t.database.db.auditEvent.count({ where: { action: { startsWith: 'town.' } } })).toBeGreaterThanOrEqual(3)
    await context.close()
  })

  it('downloads the town file and uploads it back; a bad file is refused with its lines, nothing changed', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, `${t.url}/admin`, 'admin@mairie.test', PASSWORD)
    await page.locator('#faq-table tbody tr').first().waitFor()
    const yaml = await page.evaluate(async () => (await fetch('/api/town?format=yaml')).text())
    expect(yaml).toContain('code: mairie')
    const bad = yaml.replace(/openingHours: .*/, 'openingHours: Lu-Ve 9h-12h')
    await page.locator('#upload-file').setInputFiles({ name: 'commune.yaml', mimeType: 'application/yaml', buffer: Buffer.from(bad) })
    await page.getByRole('button', { name: 'Importer' }).click()
    await expect.poll(() => page.locator('#upload-errors').textContent()).toMatch(/places\[0\]\.openingHours: line \d+: /)
    expect((await t.database.db.place.findUnique({ where: { code: 'mairie' } }))!.openingHours).toMatch(/^Mo-Th 08:30/)
    await page.locator('#upload-file').setInputFiles({ name: 'commune.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml.replace('schoolZone: B', 'schoolZone: C')) })
    await page.getByRole('button', { name: 'Importer' }).click()
    await expect.poll(async () => (await t.database.db.townSetting.findUnique({ where: { key: 'schoolZone' } }))?.value).toBe('"C"')
    await context.close()
  })

  it('shows a manager the same data without any form', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, `${t.url}/admin`, 'manager@mairie.test', PASSWORD)
    await page.locator('#faq-table tbody tr').first().waitFor()
    expect(await page.locator('#read-only').isVisible()).toBe(true)
    expect(await page.locator('#faq-form').isVisible()).toBe(false)
    expect(await page.locator('#upload-form').isVisible()).toBe(false)
    expect(await page.locator('#places-table button').count()).toBe(0)
    await expectNoSeriousA11yViolation(page)
    await context.close()
  })
})
