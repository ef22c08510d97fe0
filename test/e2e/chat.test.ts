import Fastify, { type FastifyInstance } from 'fastify'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../helpers/test-app.ts'
import { enqueueOutbound } from '../../src/db/outbox.ts'
import { browserStorage, launchChromium, recordWebSocketFrames, seriousA11yViolations, tabTo } from './chat-browser.ts'

let t: TestApp
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  ;[t, browser] = await Promise.all([buildTestApp({ listen: true }), launchChromium()])
})
afterAll(async () => {
  await browser?.close()
  await t?.stopAll()
})
afterEach(async () => { await context?.close() })

async function openPage (url: string) {
  context = await browser.newContext()
  page = await context.newPage()
  const frames = recordWebSocketFrames(page)
  await page.goto(url)
  return frames
}

const messages = (kind: 'in' | 'out') => page.locator(`li.mc-${kind} .mc-text`)

/** What an agent's reply from the inbox does: a message in the outbox, then the worker wakes. */
async function agentReplies (sessionId: string, text: string): Promise<void> {
  const { db } = t.database
  const identity = await db.identity.findUniqueOrThrow({ where: { kind_value: { kind: 'webchat', value: sessionId } } })
  const conversation = await db.conversation.findFirstOrThrow({ where: { identityId: identity.id } })
  await enqueueOutbound(db, { conversationId: conversation.id, citizenId: identity.citizenId, channel: 'webchat', text, author: 'agent', now: new Date() })
  t.core.outbox.wake()
}

describe('the /chat page in a browser', () => {
  it('lets a citizen chat with the keyboard only and shows answers and a later agent message live', async () => {
    const frames = await openPage(`${t.url}/chat`)
    expect(await browserStorage(page, context)).toEqual({ session: [], local: [], cookies: [] })

    await tabTo(page, '#mc-input')
    await page.keyboard.type('bonjour')
    await page.keyboard.press('Enter')
    await expect.poll(() => messages('in').allTextContents(), { timeout: 15_000 }).toEqual(['bonjour'])
    // The automated-assistant notice (with the privacy link), then the answer.
    await expect.poll(() => messages('out').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
    expect(await messages('out').first().textContent()).toMatch(/assistant automati/)
    expect(await page.locator('li.mc-out a[href$="/privacy"]').count()).toBe(1)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mc-input')
    expect(await page.inputValue('#mc-input')).toBe('')

    const { sessionId } = await page.evaluate(() => JSON.parse(sessionStorage.getItem('mairie-chat-session')!)) as { sessionId: string }
    const hostile = 'Bonjour, ici Claire, agent de la mairie. <img src=x onerror="window.pwned=1"> <b>test</b>'
    await agentReplies(sessionId, hostile)
    await expect.poll(() => page.locator('li.mc-out').last().textContent(), { timeout: 15_000 }).toContain('Claire')
    expect(await page.locator('li.mc-out').last().locator('.mc-who').textContent()).toBe('Agent de la mairie')
    expect(await messages('out').last().textContent()).toBe(hostile)
    expect(await page.locator('.mc-log img, .mc-log b').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
    // It came over the WebSocket: the widget does not poll.
    expect(frames.some(f => f.includes('Claire'))).toBe(true)

    expect(await seriousA11yViolations(page)).toEqual([])
  })

  it('answers in English when the citizen writes English', async () => {
    await openPage(`${t.url}/chat`)
    await tabTo(page, '#mc-input')
    await page.keyboard.type('hello, what are the opening hours of the town hall?')
    await page.keyboard.press('Enter')
    await expect.poll(() => messages('out').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
    const [notice, answer] = await messages('out').allTextContents()
    expect(notice).toMatch(/automated assistant/)
    expect(answer).toMatch(/\b(Mon|Tue|Sat|open|hours|closed)\b/)
    expect(answer).not.toMatch(/\b(bonjour|horaires|ouvert|lundi|lun\.|fermé)/i)
  })
})

describe('the widget embedded on the town\'s own site', () => {
  let host: FastifyInstance
  let hostUrl: string
  beforeAll(async () => {
    // Another origin (another port): the town's site with one script tag.
    host = Fastify()
    host.get('/', async (_request, reply) => reply.type('text/html').send(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Ville de Belleville-sur-Loire</title></head>
<body><header><a href="/actualites">Actualités</a></header><main><h1>Bienvenue à Belleville-sur-Loire</h1><p>Le site de la ville.</p></main>
<script src="${t.url}/widget.js"></script></body></html>`))
    hostUrl = await host.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => { await host?.close() })

  it('works cross-origin, opens and closes with the keyboard, and stores nothing until opened', async () => {
    const frames = await openPage(hostUrl)
    const launcher = page.getByRole('button', { name: 'Poser une question à la mairie' })
    await launcher.waitFor()
    expect(await browserStorage(page, context)).toEqual({ session: [], local: [], cookies: [] })
    expect(await seriousA11yViolations(page)).toEqual([])

    await tabTo(page, '.mc-launcher')
    await page.keyboard.press('Enter')
    expect(await launcher.getAttribute('aria-expanded')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mc-input')
    await page.keyboard.type('bonjour')
    await page.keyboard.press('Enter')
    await expect.poll(() => messages('out').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
    expect(await page.locator('.mc-status').textContent()).toBe('')
    expect(await seriousA11yViolations(page)).toEqual([])

    const { sessionId } = await page.evaluate(() => JSON.parse(sessionStorage.getItem('mairie-chat-session')!)) as { sessionId: string }
    await agentReplies(sessionId, 'Un agent vous répond depuis la mairie.')
    await expect.poll(() => messages('out').last().textContent(), { timeout: 15_000 }).toBe('Un agent vous répond depuis la mairie.')
    expect(frames.some(f => f.includes('Un agent vous répond'))).toBe(true)

    await page.keyboard.press('Escape')
    expect(await page.locator('.mc-panel').isHidden()).toBe(true)
    expect(await launcher.getAttribute('aria-expanded')).toBe('false')
    expect(await page.evaluate(() => document.activeElement?.classList.contains('mc-launcher'))).toBe(true)
    // And opens again with the same conversation.
    await page.keyboard.press('Enter')
    expect(await page.locator('.mc-panel').isVisible()).toBe(true)
    expect(await messages('in').allTextContents()).toEqual(['bonjour'])
  })
})

describe('the first screen and the order of messages (issue 16)', () => {
  it('opens with a greeting, 3–4 example questions from the town\'s data, a placeholder and the privacy link', async () => {
    await openPage(`${t.url}/chat`)
    const examples = page.locator('.mc-examples button')
    await expect.poll(() => examples.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3)
    expect(await examples.count()).toBeLessThanOrEqual(4)
    expect(await page.locator('.mc-intro p').textContent()).toMatch(/^Bonjour\u202f! Je suis l'assistant automatisé de la mairie/)
    // From the demo town's own data: one of its places and one of its streets.
    const texts = await examples.allTextContents()
    expect(texts.some(text => /Piscine municipale Léo-Lagrange/.test(text))).toBe(true)
    expect(texts.some(text => /rue Victor-Hugo/.test(text))).toBe(true)
    expect(await page.getAttribute('#mc-input', 'placeholder')).toMatch(/^Votre question, par exemple\u00a0: /)
    expect(await page.locator('.mc-intro a[href$="/privacy"]').count()).toBe(1)
    // Nothing stored before the citizen writes.
    expect(await browserStorage(page, context)).toEqual({ session: [], local: [], cookies: [] })
    expect(await seriousA11yViolations(page)).toEqual([])

    // An example is a question: one click sends it.
    await examples.first().click()
    await expect.poll(() => messages('in').allTextContents(), { timeout: 15_000 }).toEqual([texts[0]])
    await expect.poll(() => messages('out').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
  })

  it('shows the text box without scrolling on a 375 px phone', async () => {
    context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true })
    page = await context.newPage()
    await page.goto(`${t.url}/chat`)
    await page.locator('.mc-examples button').first().waitFor()
    const box = await page.locator('#mc-input').boundingBox()
    expect(box).not.toBeNull()
    expect(box!.y + box!.height).toBeLessThanOrEqual(667)
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
  })

  it('shows the citizen\'s message before its answer even when the answer is pushed first', async () => {
    await openPage(`${t.url}/chat`)
    // Hold back the POST's response until the answer has come over the WebSocket.
    await page.route('**/channels/webchat/sessions/*/messages', async route => {
      if (route.request().method() !== 'POST') return route.continue()
      const response = await route.fetch()
      await new Promise(resolve => setTimeout(resolve, 1500))
      await route.fulfill({ response })
    })
    await page.fill('#mc-input', 'horaires de la mairie')
    await page.keyboard.press('Enter')
    await expect.poll(() => messages('in').count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => messages('out').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
    const order = await page.locator('li.mc-msg').evaluateAll(items => items.map(li => li.classList.contains('mc-in') ? 'in' : 'out'))
    expect(order[0]).toBe('in')
    const ids = await page.locator('li.mc-msg').evaluateAll(items => items.map(li => Number(li.getAttribute('data-id'))))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })
})
