// Issue 20: in /inbox, the citizen pane shows the citizen's alert subscriptions, and an agent
// removes one at the citizen's request: recorded as a consent event by that agent, and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { buildTestApp, waitFor, type TestApp } from '../helpers/test-app.ts'
import { openChat } from '../helpers/webchat-client.ts'
import { hashPassword } from '../../src/auth/passwords.ts'
import { expectNoSeriousA11yViolation, launchChromium, signIn } from './inbox-browser.ts'

const PASSWORD = 'correct horse battery'

describe('alert subscriptions in the inbox\'s citizen pane', () => {
  let browser: Browser
  let t: TestApp

  beforeAll(async () => {
    browser = await launchChromium()
    t = await buildTestApp({ listen: true })
    await t.database.db.agent.create({ data: { email: 'agent@mairie.test', name: 'Camille Agent', role: 'agent', passwordHash: await hashPassword(PASSWORD) } })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.stopAll()
  })

  it('lists them and removes one at the citizen\'s request, with its consent event and audit entry', async () => {
    const chat = await openChat(t.app)
    await chat.say('Bonjour, je voudrais parler à quelqu\'un')
    const { db } = t.database
    const conversation = await waitFor(() => db.conversation.findFirst({ where: { identity: { value: chat.sessionId } }, include: { identity: true } }), 10_000, 'the conversation')
    const identityId = conversation.identityId
    // Subscribed earlier in the conversation (an explicit yes), to two topics, one for a street.
    for (const [topic, zone] of [['roadworks', 'rue des Lilas'], ['water', null]] as const) {
      await db.alertSubscription.create({ data: { identityId, topic, zone } })
      await db.consentEvent.create({ data: { identityId, action: 'alerts_on', topic, keyword: topic, via: 'conversation' } })
    }

    const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage()
    const errors: string[] = []
    page.on('pageerror', e => errors.push(e.message))
    await signIn(page, `${t.url}/inbox`, 'agent@mairie.test', PASSWORD)
    await page.locator(`.conversation[data-id="${conversation.id}"]`).click()
    const list = page.locator('#alert-subscriptions')
    await expect.poll(() => list.locator('li').allTextContents(), { timeout: 10_000 }).toEqual([
      expect.stringMatching(/^Travaux · .* \(rue des Lilas\) Désabonner à sa demande$/),
      expect.stringMatching(/^Eau · .*Désabonner à sa demande$/),
    ])
    await expectNoSeriousA11yViolation(page)

    // The citizen asks to stop the roadworks alerts.
    await page.getByRole('button', { name: /^Désabonner à sa demande : Travaux/ }).click()
    await expect.poll(() => list.locator('li').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/^Eau · /)])
    await expect.poll(() => page.locator('#status').textContent()).toContain('Désabonnement enregistré.')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('alerts-title')

    const agent = await db.agent.findUniqueOrThrow({ where: { email: 'agent@mairie.test' } })
    expect(await db.alertSubscription.findMany({ where: { identityId }, select: { topic: true } })).toEqual([{ topic: 'water' }])
    expect(await db.consentEvent.findFirst({ where: { identityId, action: 'alerts_off' } })).toMatchObject({ topic: 'roadworks', via: 'agent', agentId: agent.id })
    expect(await db.auditEvent.findFirst({ where: { action: 'alerts.unsubscribed', targetId: identityId } })).toMatchObject({ actorId: agent.id, targetType: 'identity' })
    expect(errors).toEqual([])
  }, 60_000)
})
