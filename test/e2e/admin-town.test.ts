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
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click()
    await page.locator('#closures-table tbody tr', { hasText: 'Vidange du bassin' }).waitFor()

    const hours = page.getByLabel('Horaires de Piscine municipale Léo-Lagrange')
    await hours.fill('Lu-Ve 9h-12h')
    await page.locator('#places-table tbody tr', { hasText: 'Léo-Lagrange' }).getByRole('button').click()
    await expect.poll(() => page.locator('#places-table .errors').allTextContents()).toContainEqual(expect.stringContaining('Mo-Fr 09:00-12:00'))
    await hours.fill('Mo-Fr 09:00-12:00; PH off')
    await page.locator('#places-table tbody tr', { hasText: 'Léo-Lagrange' }).getByRole('button').click()
    await expect.poll(async () => (await t.database.db.place.findUnique({ where: { code: 'piscine' } }))!.openingHours).toBe('Mo-Fr 09:00-12:00; PH off')

    // A canteen menu through its form (keyboard from the date on), hostile text kept as text; a bad date named by its field.
    await page.getByLabel('Date (AAAA-MM-JJ)').fill('2027-01-12')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Velouté')
    await page.getByLabel('Plat', { exact: true }).fill('<b>Quiche</b> lorraine')
    await page.getByLabel('Dessert', { exact: true }).fill('Clémentine')
    await page.getByLabel('Dessert', { exact: true }).press('Enter')
    const menuRow = page.locator('#menus-table tbody tr', { hasText: '2027-01-12' })
    await menuRow.waitFor()
    expect(await menuRow.textContent()).toContain('<b>Quiche</b> lorraine')
    expect(await page.locator('#menus-table b').count()).toBe(0)
    expect(await t.database.db.canteenMenu.findUnique({ where: { date: '2027-01-12' } })).toMatchObject({ starter: 'Velouté', main: '<b>Quiche</b> lorraine', dessert: 'Clémentine' })
    await page.getByLabel('Date (AAAA-MM-JJ)').fill('2027-13-01')
    await page.getByLabel('Plat', { exact: true }).fill('Gratin')
    await page.getByRole('button', { name: 'Ajouter le menu' }).click()
    await expect.poll(() => page.locator('#menu-errors').textContent()).toMatch(/menus\[\d+\]\.date/)
    expect(await t.database.db.canteenMenu.count({ where: { main: 'Gratin' } })).toBe(0)

    // An event and a waste collection zone through theirs; then the menu deleted.
    await page.getByLabel('Titre', { exact: true }).fill('Vœux du maire')
    await page.getByLabel('Début (AAAA-MM-JJ ou AAAA-MM-JJTHH:MM)').fill('2027-01-09T18:30')
    await page.getByLabel('Lieu de l’événement').fill('Salle des fêtes')
    await page.getByRole('button', { name: 'Ajouter l’événement' }).click()
    await page.locator('#events-table tbody tr', { hasText: 'Vœux du maire' }).waitFor()
    await page.getByLabel('Code (lettres minuscules, chiffres, - ou _)').fill('hameaux')
    await page.getByLabel('Nom du secteur').fill('Les hameaux')
    await page.getByLabel('Rues (une par ligne)').fill('route des Bois\nchemin du Moulin')
    await page.getByLabel(/^Collectes, une par ligne/).fill('household: wed\nbulky: le premier jeudi du mois')
    await page.getByRole('button', { name: 'Ajouter le secteur' }).click()
    await page.locator('#waste-table tbody tr', { hasText: 'Les hameaux' }).waitFor()
    expect(await t.database.db.wasteCollection.findMany({ where: { zone: 'hameaux' }, orderBy: { position: 'asc' }, select: { stream: true, days: true, rule: true } }))
      .toEqual([{ stream: 'household', days: '["wed"]', rule: null }, { stream: 'bulky', days: '[]', rule: 'le premier jeudi du mois' }])
    await menuRow.getByRole('button', { name: /Supprimer/ }).click()
    await expect.poll(() => t.database.db.canteenMenu.count({ where: { date: '2027-01-12' } })).toBe(0)

    await page.getByLabel('E-mail – Urbanisme').fill('permis@mairie.example')
    await page.locator('#services-table tbody tr', { hasText: 'urbanisme' }).getByRole('button').click()
    await expect.poll(async () => (await t.database.db.municipalService.findUnique({ where: { code: 'urbanisme' } }))!.email).toBe('permis@mairie.example')
    // A service's own working hours: checked like places' (the value it would understand is named), emptied back to the mairie's.
    const serviceHours = page.getByLabel('Heures de travail – Urbanisme')
    expect(await serviceHours.getAttribute('placeholder')).toBe('celles de la mairie')
    await serviceHours.fill('Lu-Ve 9h-12h')
    await page.locator('#services-table tbody tr', { hasText: 'urbanisme' }).getByRole('button').click()
    await expect.poll(() => page.locator('#services-table .errors').allTextContents()).toContainEqual(expect.stringContaining('openingHours'))
    expect((await t.database.db.municipalService.findUnique({ where: { code: 'urbanisme' } }))!.openingHours).toBe('')
    await serviceHours.fill('Tu,Th 09:00-12:00; PH off')
    await page.locator('#services-table tbody tr', { hasText: 'urbanisme' }).getByRole('button').click()
    await expect.poll(async () => (await t.database.db.municipalService.findUnique({ where: { code: 'urbanisme' } }))!.openingHours).toBe('Tu,Th 09:00-12:00; PH off')

    // The satisfaction question is a town setting, off in the demo town; the other settings are kept.
    const survey = page.getByLabel(/^Demander « Êtes-vous satisfait·e du traitement/)
    expect(await survey.isChecked()).toBe(false)
    await survey.focus()
    await page.keyboard.press('Space')
    await expect.poll(async () => (await t.database.db.townSetting.findUnique({ where: { key: 'satisfactionSurvey' } }))?.value).toBe('true')
    expect((await t.database.db.townSetting.findUnique({ where: { key: 'schoolZone' } }))?.value).toBe('"B"')

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
    expect(yaml).toMatch(/openingHours: .*Mo-Fr 08:00-12:00,13:30-16:30/) // the voirie's own working hours
    const bad = yaml.replace(/openingHours: .*Mo-Th 08:30.*/, 'openingHours: Lu-Ve 9h-12h')
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
    expect(await page.getByLabel(/^Demander « Êtes-vous satisfait·e du traitement/).isDisabled()).toBe(true)
    for (const form of ['#menu-form', '#event-form', '#waste-form']) expect(await page.locator(form).isVisible()).toBe(false)
    expect(await page.locator('#waste-table tbody tr').count()).toBeGreaterThan(0)
    expect(await page.locator('#waste-table button').count()).toBe(0)
    await expectNoSeriousA11yViolation(page)
    for (const from of ['/inbox', '/manager']) {
      await page.goto(`${t.url}${from}`)
      await page.getByRole('link', { name: 'Données de la commune' }).click()
      await page.waitForURL(`${t.url}/admin`)
    }
    await context.close()
  })
})
