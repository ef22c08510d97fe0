// Headless Chromium and axe-core for the web chat browser tests.
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })

const AXE_SOURCE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8')

export type AxeViolation = { id: string, impact: string | null, help: string, targets: string[] }

/** axe-core with the WCAG 2.0/2.1 A and AA rules; returns the serious and critical violations. */
export async function seriousA11yViolations (page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP does not apply to it.
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    type Result = { violations: { id: string, impact: string | null, help: string, nodes: { target: string[] }[] }[] }
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }))
  })
  return violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
}

/** Everything the page's origin keeps in the browser: web storage and cookies. */
export async function browserStorage (page: Page, context: BrowserContext) {
  const storage = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }))
  return { ...storage, cookies: (await context.cookies()).map(c => c.name) }
}

/** Presses Tab until the element matching `selector` has the focus (keyboard only). */
export async function tabTo (page: Page, selector: string, maxPresses = 15): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate(s => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

/** Texts pushed to the page over WebSockets, to tell live delivery from a read-back. */
export function recordWebSocketFrames (page: Page): string[] {
  const frames: string[] = []
  page.on('websocket', ws => ws.on('framereceived', frame => { if (typeof frame.payload === 'string') frames.push(frame.payload) }))
  return frames
}
